using System;
using System.Diagnostics.CodeAnalysis;
using System.Management.Automation;
using System.Net;
using System.Security;
using BatchTaskPS.Serialization;

namespace BatchTaskPS.Commands
{
    /// <summary>
    /// Helpers for the format and type files (and messages): text with its secrets masked by the core's
    /// <see cref="Redaction"/> (the one set of rules for every output), shortened for tables.
    /// </summary>
    public static class TaskDisplay
    {
        /// <summary>A URL with its SAS signature and other possibly secret query values shown as ***.</summary>
        public static string Url(string? url) => Redaction.RedactUrl(url);

        /// <summary>Free text (a command line, a message) with every URL in it redacted and any stray sig= value masked.</summary>
        public static string Text(string? text) => Redaction.RedactText(text);

        /// <summary>The value of a name/value setting: *** when the name says it is secret, else its text masked.</summary>
        public static string Setting(string? name, string? value) => Redaction.RedactSetting(name, value);

        /// <summary>Redacted text cut to <paramref name="width"/> characters, ending in an ellipsis when cut.</summary>
        [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Short as in shortened text, not Int16; the name is called from BatchTask.format.ps1xml.")]
        public static string Short(string? text, int width) => Redaction.Shorten(text, width);

        /// <summary>*** when a secret is set, empty otherwise: a view can say a password exists without showing it.</summary>
        public static string Secret(object? secret)
        {
            object? value = secret is PSObject wrapped ? wrapped.BaseObject : secret;
            bool set = value is SecureString secure ? secure.Length > 0 : !string.IsNullOrEmpty(value as string);
            return set ? Redaction.Mask : string.Empty;
        }

        /// <summary>
        /// A registry password as PowerShell shows it (the types file's <c>Password</c> property): a
        /// read-only SecureString, so that <c>Format-List *</c>, <c>Select-Object *</c> and logs print
        /// no text, while <c>$b.Password = $a.Password</c> still copies it.
        /// </summary>
        public static SecureString? AsSecureString(string? secret)
        {
            if (secret == null)
            {
                return null;
            }

            var secure = new SecureString();
            foreach (char c in secret)
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        /// <summary>
        /// The text to store for a registry password set from PowerShell: a SecureString, a PSCredential
        /// (its password), a string, or null. Anything else is refused rather than stored as its
        /// ToString().
        /// </summary>
        public static string? PlainSecret(object? value)
        {
            object? v = value is PSObject wrapped ? wrapped.BaseObject : value;
            switch (v)
            {
                case null:
                    return null;
                case string text:
                    return text;
                case SecureString secure:
                    return new NetworkCredential(string.Empty, secure).Password;
                case PSCredential credential:
                    return credential.GetNetworkCredential().Password;
                default:
                    throw new ArgumentException("A registry password must be a SecureString, a PSCredential or a string, not " + v.GetType().FullName + ".", nameof(value));
            }
        }
    }
}
