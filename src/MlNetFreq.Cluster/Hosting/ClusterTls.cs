using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace MlNetFreq.Cluster.Hosting;

/// <summary>
/// Mutual TLS between silos and clients: every member presents a certificate and accepts only the certificates whose
/// thumbprints it trusts — by default its own, so one cluster certificate shared by the members admits exactly them. To
/// rotate, trust the old and the new thumbprint on every member, switch the certificates one by one, then drop the old one.
/// </summary>
public sealed record ClusterTls(X509Certificate2 Certificate, IReadOnlySet<string> Trusted)
{
    /// <summary>Environment variable holding the password of the certificate file.</summary>
    public const string PasswordVariable = "MLNETFREQ_TLS_PASSWORD";

    /// <summary>The certificate (with its private key) from a PKCS#12 file whose password is in <see cref="PasswordVariable"/>; trusts it and <paramref name="alsoTrusted"/>.</summary>
    public static ClusterTls Load(string path, IEnumerable<string>? alsoTrusted = null)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--tls-certificate {path}: expected a PKCS#12 (.pfx) file with the cluster's certificate and key, found nothing there.", path);
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, Environment.GetEnvironmentVariable(PasswordVariable));
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"--tls-certificate {path}: expected a certificate with its private key, found none.");
        }

        return Of(certificate, alsoTrusted);
    }

    /// <summary>TLS with <paramref name="certificate"/>, trusting it and <paramref name="alsoTrusted"/> (thumbprints).</summary>
    public static ClusterTls Of(X509Certificate2 certificate, IEnumerable<string>? alsoTrusted = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var trusted = new HashSet<string>((alsoTrusted ?? []).Append(certificate.Thumbprint), StringComparer.OrdinalIgnoreCase);
        return new ClusterTls(certificate, trusted);
    }

    /// <summary>Applies the settings to Orleans' TLS options: certificates required both ways, validated by thumbprint.</summary>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => certificate is not null && Trusted.Contains(certificate.GetCertHashString());
    }
}
