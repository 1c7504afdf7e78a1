using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using MlNetFreq.Cluster.Client;
using MlNetFreq.Cluster.Grains;
using MlNetFreq.Cluster.Hosting;
using MlNetFreq.Cluster.Jobs;
using MlNetFreq.Data.Formats;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MlNetFreq.Cluster.Tests;

/// <summary>Mutual TLS in-process: members with the cluster certificate work together; a client with another one is refused.</summary>
public sealed class TlsClusterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mlnetfreq-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static X509Certificate2 SelfSigned(string name, double fromDays = -5.0 / 1440, double toDays = 1)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(fromDays), DateTimeOffset.UtcNow.AddDays(toDays));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static InProcessTestCluster Build(ClusterTls silos, ClusterTls client, bool retry = true)
    {
        var storage = new SharedGrainStorage();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddKeyedSingleton<IGrainStorage>(ClusterSettings.Storage, storage);
            silo.UseTls(silos.Certificate, silos.Configure);
            silo.AddMlNetFreqJobs(workers: w => (w.Threads, w.IdleDelay) = (1, TimeSpan.FromMilliseconds(50)));
        });
        builder.ConfigureClient(c =>
        {
            c.UseTls(client.Certificate, client.Configure);
            if (!retry)
            {
                c.UseConnectionRetryFilter((_, _) => Task.FromResult(false));
            }
        });
        return builder.Build();
    }

    [Fact]
    public async Task ATlsClusterRunsJobsAndRefusesAClientWithAnotherCertificate()
    {
        using var cluster = SelfSigned("mlnetfreq-cluster");
        var tls = ClusterTls.Of(cluster);
        await using (var good = Build(tls, tls))
        {
            await good.DeployAsync();
            string images = Path.Combine(RepoPaths.Samples, "fmnist-test-1000-images.npy");
            var job = new JobDefinition { Operation = "dct", DataPath = images, OutputPath = Path.Combine(_dir, "dct.npy"), Images = 12, ShardSize = 5 };
            var status = await ClusterJobs.SubmitAsync(good.Client, "tls-dct", job);
            Assert.Equal(JobState.Done, status.State);
            Assert.Equal([12, 1, 28, 28], NpyFile.Read(job.OutputPath).Shape);
        }

        using var stranger = SelfSigned("stranger");
        await using var bad = Build(tls, ClusterTls.Of(stranger), retry: false);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => bad.DeployAsync().WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.IsNotType<TimeoutException>(refused);
    }

    [Fact]
    public void AnExpiredOrNotYetValidCertificateAdmitsNoOneAndIsNotLoaded()
    {
        using var valid = SelfSigned("valid");
        using var expired = SelfSigned("expired", fromDays: -30, toDays: -1);
        using var future = SelfSigned("future", fromDays: 1, toDays: 30);
        var tls = ClusterTls.Of(valid, [expired.Thumbprint, future.Thumbprint]);
        Assert.True(tls.Admits(valid));
        Assert.False(tls.Admits(expired)); // trusted by thumbprint, but past its end
        Assert.False(tls.Admits(future));
        Assert.False(tls.Admits(SelfSigned("stranger")));

        // Loading one's own expired certificate fails naming its dates; its password may come from a file.
        string pfx = Path.Combine(_dir, "expired.pfx"), secret = Path.Combine(_dir, "password");
        File.WriteAllBytes(pfx, expired.Export(X509ContentType.Pkcs12, "pw"));
        File.WriteAllText(secret, "pw\n");
        Func<string, string?> env = name => name == ClusterTls.PasswordFileVariable ? secret : null;
        var ex = Assert.Throws<ArgumentException>(() => ClusterTls.Load(pfx, environment: env));
        Assert.Contains("expected a certificate valid now", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"to {expired.NotAfter.ToUniversalTime():u}", ex.Message, StringComparison.Ordinal);
        string ok = Path.Combine(_dir, "valid.pfx");
        File.WriteAllBytes(ok, valid.Export(X509ContentType.Pkcs12, "pw"));
        Assert.Equal(valid.Thumbprint, ClusterTls.Load(ok, environment: env).Certificate.Thumbprint);
    }

    [Fact]
    public void ASiloOnANetworkAddressNeedsTls()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClusterHosting.Silo(new ClusterConnection { Listen = IPAddress.Parse("10.0.0.5") }, 11111, 30000, _ => { }));
        Assert.Contains("needs --tls-certificate", ex.Message, StringComparison.Ordinal);
    }
}
