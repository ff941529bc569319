using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.DataProtection;

namespace Hotline.Server.Access;

/// <summary>
/// The data-protection key ring that signs cookies and bearer tokens: kept in the hotline database (the
/// EntityFrameworkCore store), so every node reads the same ring and sessions survive restarts, and encrypted at rest
/// with a certificate. Production refuses to start without the certificate.
/// </summary>
public static class KeyRing
{
    public const string CertificatePathKey = "Hotline:DataProtection:Certificate:Path";
    public const string CertificatePasswordKey = "Hotline:DataProtection:Certificate:Password";

    /// <summary>For a trial (the compose file): make a self-signed certificate at the path when there is none.</summary>
    public const string CreateIfMissingKey = "Hotline:DataProtection:Certificate:CreateIfMissing";

    public static WebApplicationBuilder AddKeyRing(this WebApplicationBuilder builder)
    {
        var protection = builder.Services.AddDataProtection().SetApplicationName("Hotline.Elsa").PersistKeysToDbContext<HotlineDbContext>();
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration[CertificatePathKey]))
        {
            if (builder.Environment.IsProduction())
            {
                throw new InvalidOperationException(
                    $"The data-protection keys that sign sessions must be encrypted at rest in Production: set {CertificatePathKey} " +
                    $"(a PKCS#12 .pfx file) and {CertificatePasswordKey}. See README, \"Sign-in and API keys\".");
            }

            return builder;
        }

        var path = Path.GetFullPath(configuration[CertificatePathKey]!, builder.Environment.ContentRootPath);
        var password = configuration[CertificatePasswordKey];
        if (!File.Exists(path) && configuration.GetValue<bool>(CreateIfMissingKey))
            CreateSelfSigned(path, password);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{CertificatePathKey} names {path}, which does not exist.");

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The certificate at {CertificatePathKey} has no private key; the key ring cannot be read with it.");
        protection.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        return builder;
    }

    private static void CreateSelfSigned(string path, string? password)
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Hotline.Elsa data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        // Fixed validity: the key ring only needs the key pair, and product code takes no wall-clock time.
        using var certificate = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2120, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
