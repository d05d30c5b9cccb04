using System.Xml.Linq;

namespace StreamSwarm.Deployment.Tests.Docker;

/// <summary>The <c>ProjectReference</c> closure of an MSBuild project, read from the project files.</summary>
public static class ProjectGraph
{
    /// <summary>The project and every project it references, directly or not, as full paths.</summary>
    public static IReadOnlyList<string> Closure(string projectPath)
    {
        ArgumentNullException.ThrowIfNull(projectPath);
        var seen = new List<string>();
        var pending = new Stack<string>();
        pending.Push(Path.GetFullPath(projectPath));
        while (pending.Count > 0)
        {
            var project = pending.Pop();
            if (seen.Contains(project, StringComparer.Ordinal))
            {
                continue;
            }

            if (!File.Exists(project))
            {
                throw new FileNotFoundException($"Project '{project}' is referenced but does not exist.", project);
            }

            seen.Add(project);
            var directory = Path.GetDirectoryName(project)!;
            foreach (var reference in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName == "ProjectReference"))
            {
                var include = reference.Attribute("Include")?.Value;
                if (!string.IsNullOrEmpty(include))
                {
                    pending.Push(Path.GetFullPath(Path.Combine(directory, include.Replace('\\', Path.DirectorySeparatorChar))));
                }
            }
        }

        return seen;
    }
}
