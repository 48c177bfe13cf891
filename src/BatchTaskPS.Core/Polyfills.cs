namespace System.Runtime.CompilerServices
{
    /// <summary>Lets the compiler skip zeroing stack space (netstandard2.0 lacks the attribute; the compiler honours it).</summary>
    [AttributeUsage(AttributeTargets.Module | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Constructor | AttributeTargets.Method, Inherited = false)]
    internal sealed class SkipLocalsInitAttribute : Attribute
    {
    }
}
