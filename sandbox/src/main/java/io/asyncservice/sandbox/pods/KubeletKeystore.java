package io.asyncservice.sandbox.pods;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KubeletServer}'s self-signed certificate and key: a PKCS12 keystore {@code kubelet.p12} in a directory,
 * with its password beside it in {@code kubelet.p12.password}, both readable by the owner only. Kept across runs
 * while it loads with that password; otherwise made anew with the JDK's {@code keytool}.
 */
final class KubeletKeystore {

    private static final String ALIAS = "kubelet";
    private static final Logger LOG = LoggerFactory.getLogger(KubeletKeystore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path dir;
    private final Path keystore;
    private final Path passwordFile;
    private final Path keytool;

    KubeletKeystore(Path dir, Path keytool) {
        this.dir = dir;
        this.keystore = dir.resolve("kubelet.p12");
        this.passwordFile = dir.resolve("kubelet.p12.password");
        this.keytool = keytool;
    }

    static Path jdkKeytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool");
    }

    /** A TLS context serving the certificate, which this loads, or makes first. */
    SSLContext sslContext() {
        try {
            Files.createDirectories(dir);
            char[] password = readPassword();
            KeyStore store = password == null ? null : load(password);
            if (store == null) {
                password = writeNewPassword();
                generate();
                store = load(password);
                if (store == null) {
                    throw new IllegalStateException("keytool made " + keystore + ", but it does not load");
                }
            }
            ownerOnly(keystore);
            ownerOnly(passwordFile);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("could not set up the kubelet's certificate in " + dir, e);
        }
    }

    private char[] readPassword() throws IOException {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The keystore, if it loads with {@code password}, holds the key and its certificate is still valid. */
    private KeyStore load(char[] password) {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            if (!store.isKeyEntry(ALIAS) || !(store.getCertificate(ALIAS) instanceof X509Certificate cert)) {
                LOG.info("{} holds no key named {}; making a new one", keystore, ALIAS);
                return null;
            }
            cert.checkValidity();
            return store;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | GeneralSecurityException e) {
            LOG.info("{} does not load with its stored password ({}); making a new one", keystore, e.toString());
            return null;
        }
    }

    private char[] writeNewPassword() throws IOException {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.deleteIfExists(keystore);
        Files.deleteIfExists(passwordFile);
        if (posix()) {
            Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(passwordFile, password, StandardCharsets.UTF_8);
        return password.toCharArray();
    }

    private void generate() throws IOException {
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=sandbox-local", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "3650",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                // From the file, so that the password is not on a command line anyone can list.
                "-storepass:file", passwordFile.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + keytool + " to make the kubelet's certificate", e);
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish making the kubelet's certificate in 60 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while keytool made the kubelet's certificate", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed (exit " + process.exitValue()
                    + ") to make the kubelet's certificate " + keystore + ": " + output);
        }
        LOG.info("Made the kubelet's self-signed certificate in {}", keystore);
    }

    private static void ownerOnly(Path file) throws IOException {
        if (posix()) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
