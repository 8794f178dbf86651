package io.asyncservice.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fresh self-signed RSA certificate for one DNS name, made by the JDK's keytool: no JVM trusts it unless told to
 * ({@link #trustingContext()}), so a client that verifies certificates refuses it.
 */
public final class SelfSignedCertificate {

    static final char[] PASSWORD = "changeit".toCharArray();
    private static final String ALIAS = "server";

    private final String host;
    private final KeyStore keys;

    private SelfSignedCertificate(String host, KeyStore keys) {
        this.host = host;
        this.keys = keys;
    }

    /** A certificate with {@code host} as its CN and its only subject alternative (DNS) name. */
    public static SelfSignedCertificate forHost(String host) {
        try {
            Path dir = Files.createTempDirectory("self-signed");
            Path file = dir.resolve("server.p12");
            try {
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + host,
                        "-ext", "SAN=dns:" + host, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                        "-storepass", new String(PASSWORD)).redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, PASSWORD);
                }
                return new SelfSignedCertificate(host, ks);
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(dir);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not make a self-signed certificate for " + host, e);
        }
    }

    public String host() {
        return host;
    }

    /** The key store with the key and the certificate, password {@code changeit}. */
    public KeyStore keyStore() {
        return keys;
    }

    /** An SSL context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(keys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code cert.pem} and {@code key.pem} (PKCS#8) into {@code dir}, for servers such as nats-server. */
    public PemFiles writePem(Path dir) {
        try {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            Files.writeString(cert, pem("CERTIFICATE", keys.getCertificate(ALIAS).getEncoded()));
            Files.writeString(key, pem("PRIVATE KEY", ((PrivateKey) keys.getKey(ALIAS, PASSWORD)).getEncoded()));
            return new PemFiles(cert, key);
        } catch (Exception e) {
            throw new IllegalStateException("could not write the PEM files", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** A certificate and its private key as PEM files. */
    public record PemFiles(Path certificate, Path key) {
    }
}
