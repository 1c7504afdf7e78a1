using System.Globalization;
using System.Text;
using System.Xml;

namespace MlNetFreq.Methods.Validation;

/// <summary>
/// A validation report as JUnit XML, the test-result format Jenkins (JUnit plugin), GitLab (<c>artifacts:reports:junit</c>)
/// and Azure DevOps (<c>PublishTestResults</c>, JUnit) read: <c>testsuites</c> holding one <c>testsuite</c> per policy
/// (tests, failures, errors, skipped counted), its <c>properties</c> (model, data and their SHA-256, images, tool), and
/// one <c>testcase</c> per check (<c>classname</c> <c>mlnetfreq.validate.KIND</c>) whose failed ones carry a
/// <c>failure</c> with the check's numbers; every check's numbers in <c>system-out</c>. No timings, so the file of a
/// sharded or resumed run is the one-machine file.
/// </summary>
public static class ValidationJUnit
{
    /// <summary>The XML text of <paramref name="report"/>, one suite named <paramref name="suite"/> (the policy's file name).</summary>
    public static string ToXml(ValidationReport report, ValidationProvenance provenance, string suite)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(provenance);
        // Into UTF-8 bytes, so that the declaration says the encoding the file is written in.
        using var bytes = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(bytes, settings))
        {
            string tests = report.Checks.Count.ToString(CultureInfo.InvariantCulture), failures = report.Checks.Count(c => !c.Passed).ToString(CultureInfo.InvariantCulture);
            xml.WriteStartElement("testsuites");
            WriteCounts(xml, "mlnetfreq validate", tests, failures);
            xml.WriteStartElement("testsuite");
            WriteCounts(xml, suite, tests, failures);
            xml.WriteStartElement("properties");
            foreach (var (name, value) in new[]
            {
                ("model", provenance.Model), ("model_sha256", provenance.ModelSha256), ("data", provenance.Data), ("data_sha256", provenance.DataSha256),
                ("images", provenance.Images.ToString(CultureInfo.InvariantCulture)), ("tool", "mlnetfreq " + typeof(ValidationJUnit).Assembly.GetName().Version),
            })
            {
                xml.WriteStartElement("property");
                xml.WriteAttributeString("name", name);
                xml.WriteAttributeString("value", value);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            foreach (var check in report.Checks)
            {
                xml.WriteStartElement("testcase");
                xml.WriteAttributeString("name", check.Name);
                xml.WriteAttributeString("classname", "mlnetfreq.validate." + check.Kind);
                string numbers = Numbers(check);
                if (!check.Passed)
                {
                    xml.WriteStartElement("failure");
                    xml.WriteAttributeString("message", $"{check.Name}: {numbers}");
                    xml.WriteAttributeString("type", check.Kind.ToString());
                    xml.WriteString(check.Detail);
                    xml.WriteEndElement();
                }

                xml.WriteElementString("system-out", numbers + (check.Detail.Length > 0 ? "; " + check.Detail : ""));
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    // The check's value, interval, bound and images, as report.md shows them.
    private static string Numbers(CheckResult c) =>
        $"value {ValidationDocument.Format(c.Value)}"
        + (c.Lower is { } lo ? $" [{ValidationDocument.Format(lo)}, {ValidationDocument.Format(c.Upper!.Value)}]" : "")
        + $", bound {ValidationDocument.Bound(c)}, {c.Images} images";

    private static void WriteCounts(XmlWriter xml, string name, string tests, string failures)
    {
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("tests", tests);
        xml.WriteAttributeString("failures", failures);
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", "0");
    }
}
