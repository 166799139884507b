using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace QuickCommerce.Web.Tests.Notifications;

/// <summary>
/// What a browser holds for one push subscription: its own P-256 key pair and 16-byte auth secret
/// (as PushManager.subscribe makes them), and the decryption a browser does when a push arrives
/// (RFC 8291 with the aes128gcm content coding of RFC 8188). Test code only.
/// </summary>
public sealed class TestBrowser(string endpoint) : IDisposable
{
    private static readonly byte[] KeyInfoPrefix = Encoding.ASCII.GetBytes("WebPush: info\0");
    private static readonly byte[] CekInfo = Encoding.ASCII.GetBytes("Content-Encoding: aes128gcm\0");
    private static readonly byte[] NonceInfo = Encoding.ASCII.GetBytes("Content-Encoding: nonce\0");

    private readonly ECDiffieHellman _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public string Endpoint { get; } = endpoint;

    public byte[] AuthSecret { get; } = RandomNumberGenerator.GetBytes(16);

    /// <summary>The uncompressed public key, 0x04 || X || Y.</summary>
    public byte[] PublicKey => Uncompressed(_key.ExportParameters(false).Q);

    /// <summary>The JSON PushSubscription.toJSON() gives, as push.js posts it.</summary>
    public object Subscription => new
    {
        endpoint = Endpoint,
        expirationTime = (long?)null,
        keys = new { p256dh = Base64Url.EncodeToString(PublicKey), auth = Base64Url.EncodeToString(AuthSecret) },
    };

    /// <summary>A fresh device's subscription JSON, for a test that never decrypts what is pushed to it.</summary>
    public static object NewSubscription(string endpoint)
    {
        using var browser = new TestBrowser(endpoint);
        return browser.Subscription;
    }

    /// <summary>Decrypts a push message body as the browser would, and returns its text.</summary>
    public string Decrypt(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);

        // Header: salt (16) || record size (4, big-endian) || key id length (1) || key id (the sender's ephemeral public key).
        var salt = body[..16];
        var recordSize = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(16, 4));
        var idLength = body[20];
        var senderKey = body[21..(21 + idLength)];
        var records = body[(21 + idLength)..];
        idLength.ShouldBe((byte)65, "the key id is the sender's uncompressed P-256 public key");
        records.Length.ShouldBeLessThanOrEqualTo(recordSize, "a push message is a single record");

        using var sender = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = senderKey[1..33], Y = senderKey[33..] },
        });
        var ecdhSecret = _key.DeriveRawSecretAgreement(sender.PublicKey);

        // IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)   (RFC 8291 §3.3)
        var ikm = HKDF.DeriveKey(HashAlgorithmName.SHA256, ecdhSecret, 32, AuthSecret, [.. KeyInfoPrefix, .. PublicKey, .. senderKey]);

        // CEK and nonce from the salt (RFC 8188 §2.2, §2.3); the single record's sequence number is 0.
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt);
        var cek = HKDF.Expand(HashAlgorithmName.SHA256, prk, 16, CekInfo);
        var nonce = HKDF.Expand(HashAlgorithmName.SHA256, prk, 12, NonceInfo);

        var ciphertext = records[..^16];
        var tag = records[^16..];
        var plaintext = new byte[ciphertext.Length];
        using (var aes = new AesGcm(cek, 16))
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext);
        }

        // The last record ends with the delimiter 0x02, then any zero padding.
        var end = Array.FindLastIndex(plaintext, b => b != 0);
        plaintext[end].ShouldBe((byte)2, "the only record is the last one");
        return Encoding.UTF8.GetString(plaintext, 0, end);
    }

    public void Dispose() => _key.Dispose();

    private static byte[] Uncompressed(ECPoint q) => [0x04, .. q.X!, .. q.Y!];
}
