using System;
using System.Collections.Generic;
using System.IO;
using System.Xml;

namespace BatchTaskPS.Commands.Support
{
    /// <summary>
    /// The module's own help text for task properties: the descriptions of New-BatchTask's parameters, read from the
    /// MAML file beside the module, by model type and REST key. Used for the descriptions of Export-BatchTaskSchema.
    /// </summary>
    internal sealed class HelpText
    {
        // Properties whose New-BatchTask parameter has another name than the .NET property.
        private static readonly Dictionary<string, string> s_parameterOf = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TaskContainerSettings.imageName"] = "ContainerImage",
            ["ContainerRegistry.registryServer"] = "RegistryServer",
            ["AutoUserSpecification.scope"] = "AutoUserScope",
            ["AutoUserSpecification.elevationLevel"] = "ElevationLevel",
            ["UserIdentity.username"] = "UserName",
            ["AffinityInformation.affinityId"] = "AffinityId",
            ["TaskConstraints.maxWallClockTime"] = "MaxWallClockTime",
            ["TaskConstraints.retentionTime"] = "RetentionTime",
            ["TaskConstraints.maxTaskRetryCount"] = "MaxTaskRetryCount",
        };

        private readonly Dictionary<string, string> _parameters;

        private HelpText(Dictionary<string, string> parameters) => _parameters = parameters;

        /// <summary>The help of the module in <paramref name="moduleBase"/>, or an empty one when no help file is there.</summary>
        public static HelpText Load(string? moduleBase)
        {
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string folder in new[] { "en-US", Path.Combine("bin", "en-US") })
            {
                string file = moduleBase == null ? string.Empty : Path.Combine(moduleBase, folder, "BatchTaskPS.Module.dll-Help.xml");
                if (moduleBase != null && File.Exists(file))
                {
                    Read(file, parameters);
                    break;
                }
            }

            return new HelpText(parameters);
        }

        /// <summary>The help text for a property (null when New-BatchTask has no parameter for it).</summary>
        public string? Describe(string typeName, string restKey, string propertyName)
        {
            string? parameter = s_parameterOf.TryGetValue(typeName + "." + restKey, out string? mapped) ? mapped : typeName == "CloudTask" ? propertyName : null;
            return parameter != null && _parameters.TryGetValue(parameter, out string? text) ? text : null;
        }

        private static void Read(string file, Dictionary<string, string> parameters)
        {
            var doc = new XmlDocument { XmlResolver = null };
            using (XmlReader reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
            {
                doc.Load(reader);
            }

            var ns = new XmlNamespaceManager(doc.NameTable);
            ns.AddNamespace("command", "http://schemas.microsoft.com/maml/dev/command/2004/10");
            ns.AddNamespace("maml", "http://schemas.microsoft.com/maml/2004/10");
            XmlNode? command = doc.SelectSingleNode("//command:command[command:details/command:name='New-BatchTask']", ns);
            XmlNodeList? list = command?.SelectNodes("command:parameters/command:parameter", ns);
            if (list == null)
            {
                return;
            }

            foreach (XmlNode p in list)
            {
                string? name = p.SelectSingleNode("maml:name", ns)?.InnerText.Trim();
                string? text = p.SelectSingleNode("maml:description/maml:para", ns)?.InnerText.Trim();
                if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(text))
                {
                    parameters[name!] = text!;
                }
            }
        }
    }
}
