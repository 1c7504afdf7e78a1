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

    /// <summary>Environment variable naming a file that holds the password of the certificate file.</summary>
    public const string PasswordFileVariable = "MLNETFREQ_TLS_PASSWORD_FILE";

    /// <summary>
    /// The certificate (with its private key) from a PKCS#12 file whose password is in <see cref="PasswordVariable"/> or
    /// the file <see cref="PasswordFileVariable"/> names; trusts it and <paramref name="alsoTrusted"/>. A certificate
    /// that is not valid now (expired, or not yet valid) is refused, naming its dates.
    /// </summary>
    public static ClusterTls Load(string path, IEnumerable<string>? alsoTrusted = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"--tls-certificate {path}: expected a PKCS#12 (.pfx) file with the cluster's certificate and key, found nothing there.", path);
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, Secrets.Read(environment, PasswordVariable, PasswordFileVariable, "certificate"));
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"--tls-certificate {path}: expected a certificate with its private key, found none.");
        }

        if (!ValidNow(certificate))
        {
            throw new ArgumentException($"--tls-certificate {path}: expected a certificate valid now ({DateTime.UtcNow:u}), found one valid from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}.");
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

    /// <summary>Whether <paramref name="certificate"/> is within its validity period now.</summary>
    public static bool ValidNow(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = DateTime.UtcNow;
        return certificate.NotBefore.ToUniversalTime() <= now && now <= certificate.NotAfter.ToUniversalTime();
    }

    /// <summary>
    /// Whether a peer's certificate is admitted: its thumbprint is trusted and it is valid now (a trusted certificate
    /// that expired, or a stolen one kept past its end, admits no one).
    /// </summary>
    public bool Admits(X509Certificate? certificate) =>
        certificate is X509Certificate2 c && Trusted.Contains(c.GetCertHashString()) && ValidNow(c);

    /// <summary>Applies the settings to Orleans' TLS options: certificates required both ways, validated by thumbprint and validity period.</summary>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => Admits(certificate);
    }
}
