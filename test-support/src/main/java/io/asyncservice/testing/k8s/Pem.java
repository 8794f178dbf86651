package io.asyncservice.testing.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The few key and certificate files the control plane needs, in the PEM form the Kubernetes binaries read. */
final class Pem {

    private Pem() {
    }

    /**
     * A new RSA key pair: the private key as PKCS#8 ({@code PRIVATE KEY}), the public one as X.509
     * ({@code PUBLIC KEY}). The API server signs ServiceAccount tokens with it and the controller-manager signs the
     * tokens of legacy token Secrets.
     */
    static void writeRsaKeyPair(Path privateKey, Path publicKey) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            writeSecret(privateKey, encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(publicKey, encode("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("could not write an RSA key pair to " + privateKey, e);
        }
    }

    /** Writes a file only its owner can read: keys, tokens, kubeconfigs. */
    static void writeSecret(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** A TLS context that trusts exactly the certificates in a PEM file (e.g. the API server's self-signed one). */
    static SSLContext trusting(Path certificates) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(certificates)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certs.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certificates);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate cert : certs) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
