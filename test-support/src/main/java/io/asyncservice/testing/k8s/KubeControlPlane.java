package io.asyncservice.testing.k8s;

import io.asyncservice.testing.FreePorts;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real Kubernetes control plane on 127.0.0.1: etcd, kube-apiserver and kube-controller-manager as child processes,
 * from the binaries {@code test-support/k8s/build} provides (see {@link KubeBinaries}). Unlike the fabric8 mock
 * server it validates, defaults, enforces RBAC and runs the controllers: a Deployment gets a ReplicaSet and Pods, the
 * garbage collector follows owner references, a namespace's deletion empties it. There is no kubelet and no
 * scheduler, so Pods stay Pending.
 *
 * <p>The admin is a static token in group {@code system:masters}. {@link #tokenFor} issues ServiceAccount tokens
 * through the TokenRequest API, so a test can act as a ServiceAccount with its RBAC enforced.
 *
 * <p>Everything lives in a work directory under the module's {@code target/} (one log file per process, the keys,
 * the kubeconfig); the etcd data goes with {@link #close()}, the logs stay for a look after a failure.
 */
public final class KubeControlPlane implements AutoCloseable {

    /** The issuer of ServiceAccount tokens, as in a kubeadm cluster; it is also the tokens' default audience. */
    public static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration ETCD_START = Duration.ofSeconds(30);
    /** The API server's first start on a busy two-core machine takes several seconds (it installs every API group). */
    private static final Duration APISERVER_START = Duration.ofSeconds(120);
    private static final Duration CONTROLLER_MANAGER_START = Duration.ofSeconds(60);
    /** Long enough for any test or sandbox session (no --service-account-max-token-expiration caps it). */
    private static final long TOKEN_SECONDS = Duration.ofHours(24).toSeconds();

    private static KubeControlPlane shared;
    private static RuntimeException sharedFailure;

    private final Path binDir;
    private final Path workDir;
    private final int apiPort;
    private final String adminToken;
    private final List<ControlPlaneProcess> processes = new ArrayList<>();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread shutdownHook;
    private boolean isShared;
    private String masterUrl;
    private Path caFile;
    private Path kubeconfig;
    private KubernetesClient admin;

    private KubeControlPlane(Path binDir, Path workDir, int apiPort) {
        this.apiPort = apiPort == 0 ? FreePorts.find() : apiPort;
        this.binDir = binDir;
        this.workDir = workDir;
        this.adminToken = randomToken();
        this.shutdownHook = new Thread(this::stop, "kube-control-plane-stop");
    }

    /** Starts a control plane of the caller's own and waits until its controllers work; close it when done. */
    public static KubeControlPlane start() {
        try {
            Path target = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target").toAbsolutePath());
            return start(Files.createTempDirectory(target, "kube-control-plane-"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the control plane's work directory", e);
        }
    }

    /**
     * Starts a control plane of the caller's own with its keys, kubeconfig, logs and etcd data in {@code workDir}
     * (created if need be; etcd's data from an earlier run there is deleted first, so every start is a new cluster).
     */
    public static KubeControlPlane start(Path workDir) {
        return start(workDir, 0);
    }

    /** As {@link #start(Path)}, with the API server on {@code apiPort} of 127.0.0.1 (0: a free one). */
    public static KubeControlPlane start(Path workDir, int apiPort) {
        Path binDir = KubeBinaries.dir();
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the control plane's work directory " + workDir, e);
        }
        deleteTree(workDir.resolve("etcd-data"));
        KubeControlPlane plane = new KubeControlPlane(binDir, workDir.toAbsolutePath(), apiPort);
        Runtime.getRuntime().addShutdownHook(plane.shutdownHook);
        try {
            plane.run();
            return plane;
        } catch (RuntimeException | Error e) {
            plane.close();
            throw e;
        }
    }

    /**
     * One control plane for the whole JVM, started on first use and stopped when the JVM exits; {@link #close()} on it
     * does nothing, so a test cannot take it from the others. Tests that share it use namespaces of their own. A
     * failed start is not retried: every later call fails at once with the same cause.
     */
    public static synchronized KubeControlPlane shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("the shared control plane failed to start: " + sharedFailure.getMessage(),
                    sharedFailure);
        }
        if (shared == null) {
            try {
                KubeControlPlane plane = start();
                plane.isShared = true;
                shared = plane;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * The Kubernetes version of the binaries, as {@code kube-apiserver --version} prints it (e.g. {@code v1.34.4}),
     * without starting anything; the binaries are built first if this machine has none yet.
     */
    public static String kubernetesVersion() {
        Path apiserver = KubeBinaries.dir().resolve("kube-apiserver");
        try {
            Process process = new ProcessBuilder(apiserver.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (process.waitFor() != 0 || !out.startsWith("Kubernetes ")) {
                throw new IllegalStateException(apiserver + " --version printed: " + out);
            }
            return out.substring("Kubernetes ".length());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + apiserver, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        long t0 = System.nanoTime();
        int etcdPort = FreePorts.find();
        int etcdPeerPort = FreePorts.find();
        int controllerManagerPort = FreePorts.find();
        masterUrl = "https://" + LOOPBACK + ":" + apiPort;
        Path apiserverCerts = workDir.resolve("apiserver-certs");
        Path controllerManagerCerts = workDir.resolve("controller-manager-certs");
        Path tokens = workDir.resolve("tokens.csv");
        Path saKey = workDir.resolve("service-account.key");
        Path saPub = workDir.resolve("service-account.pub");
        try {
            Files.createDirectories(apiserverCerts);
            Files.createDirectories(controllerManagerCerts);
            // token,user,uid,"groups": the one static user, an admin through the built-in cluster-admin binding.
            Pem.writeSecret(tokens, adminToken + ",admin,admin,\"system:masters\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pem.writeRsaKeyPair(saKey, saPub);
        caFile = apiserverCerts.resolve("apiserver.crt");
        kubeconfig = workDir.resolve("admin.kubeconfig");

        long tEtcd = System.nanoTime();
        String etcdUrl = "http://" + LOOPBACK + ":" + etcdPort;
        String etcdPeerUrl = "http://" + LOOPBACK + ":" + etcdPeerPort;
        ControlPlaneProcess etcd = launch("etcd", List.of(
                "--name=default",
                "--data-dir=" + workDir.resolve("etcd-data"),
                "--listen-client-urls=" + etcdUrl,
                "--advertise-client-urls=" + etcdUrl,
                "--listen-peer-urls=" + etcdPeerUrl,
                "--initial-advertise-peer-urls=" + etcdPeerUrl,
                "--initial-cluster=default=" + etcdPeerUrl,
                // A test cluster loses nothing worth keeping in a crash; without fsync etcd stops waiting for the disk.
                "--unsafe-no-fsync=true"));
        HealthProbe plain = HealthProbe.plain();
        etcd.awaitReady("health", ETCD_START, () -> plain.ok(etcdUrl + "/health", null));
        long t1 = System.nanoTime();

        ControlPlaneProcess apiserver = launch("kube-apiserver", List.of(
                "--etcd-servers=" + etcdUrl,
                "--bind-address=" + LOOPBACK,
                "--advertise-address=" + LOOPBACK,
                "--secure-port=" + apiPort,
                // No --tls-cert-file: the API server writes a self-signed certificate for 127.0.0.1 here.
                "--cert-dir=" + apiserverCerts,
                "--token-auth-file=" + tokens,
                "--authorization-mode=RBAC",
                "--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER,
                "--service-account-key-file=" + saPub,
                "--service-account-signing-key-file=" + saKey,
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                // 127.0.0.1 may not be an endpoint of the "kubernetes" Service (loopback addresses are invalid there);
                // nothing in the cluster could use it anyway, without a kubelet.
                "--endpoint-reconciler-type=none"));
        HealthProbe[] tls = new HealthProbe[1];
        apiserver.awaitReady("/readyz", APISERVER_START, () -> {
            if (tls[0] == null) {
                if (!Files.isRegularFile(caFile) || Files.size(caFile) == 0) {
                    return false;
                }
                tls[0] = HealthProbe.trusting(caFile);
            }
            return tls[0].ok(masterUrl + "/readyz", adminToken);
        });
        long t2 = System.nanoTime();
        writeKubeconfig(kubeconfig, adminToken);
        admin = new KubernetesClientBuilder().withConfig(configAs(adminToken)).build();

        ControlPlaneProcess controllerManager = launch("kube-controller-manager", List.of(
                "--kubeconfig=" + kubeconfig,
                // Each controller acts as its own ServiceAccount in kube-system, with the bootstrap RBAC roles.
                "--use-service-account-credentials=true",
                "--service-account-private-key-file=" + saKey,
                "--root-ca-file=" + caFile,
                "--controllers=*",
                "--leader-elect=false",
                // Each controller's ServiceAccount and token are a few requests; at the default 20 per second the
                // controllers start one by one over seconds, and the informers only start after the last of them.
                "--kube-api-qps=200",
                "--kube-api-burst=400",
                "--bind-address=" + LOOPBACK,
                "--secure-port=" + controllerManagerPort,
                "--cert-dir=" + controllerManagerCerts));
        Path controllerManagerCert = controllerManagerCerts.resolve("kube-controller-manager.crt");
        HealthProbe[] cmTls = new HealthProbe[1];
        String healthz = "https://" + LOOPBACK + ":" + controllerManagerPort + "/healthz";
        controllerManager.awaitReady("/healthz", CONTROLLER_MANAGER_START, () -> {
            if (cmTls[0] == null) {
                if (!Files.isRegularFile(controllerManagerCert) || Files.size(controllerManagerCert) == 0) {
                    return false;
                }
                cmTls[0] = HealthProbe.trusting(controllerManagerCert);
            }
            return cmTls[0].ok(healthz, null);
        });
        long t3 = System.nanoTime();
        // Healthy is not yet working: the ServiceAccount controller's first "default" account shows the controllers
        // run, and Pods can be created (the ServiceAccount admission plugin refuses them in a namespace without one).
        controllerManager.awaitReady("its first ServiceAccount (default/default)", CONTROLLER_MANAGER_START,
                () -> admin.serviceAccounts().inNamespace("default").withName("default").get() != null);
        long t4 = System.nanoTime();
        System.err.println(String.format(Locale.ROOT, "kube control plane at %s ready in %.1f s: keys %.1f s,"
                        + " etcd %.1f s, kube-apiserver %.1f s, kube-controller-manager %.1f s (+%.1f s to its first"
                        + " ServiceAccount); binaries %s, logs in %s",
                masterUrl, seconds(t4 - t0), seconds(tEtcd - t0), seconds(t1 - tEtcd), seconds(t2 - t1),
                seconds(t3 - t2), seconds(t4 - t3), binDir, workDir));
    }

    private ControlPlaneProcess launch(String name, List<String> args) {
        ControlPlaneProcess process = ControlPlaneProcess.start(name, binDir.resolve(name), args, workDir);
        processes.add(process);
        return process;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String masterUrl() {
        return masterUrl;
    }

    /** An admin kubeconfig (token in {@code system:masters}, the CA embedded), e.g. for kubectl, helm or a child JVM. */
    public Path kubeconfigPath() {
        return kubeconfig;
    }

    /** The directory with {@code etcd}, {@code kube-apiserver}, {@code kube-controller-manager} and {@code kubectl}. */
    public Path binDir() {
        return binDir;
    }

    /** The API server's self-signed serving certificate (PEM), the one CA a client of this control plane trusts. */
    public Path caCertPath() {
        return caFile;
    }

    /** Where the logs ({@code etcd.log}, {@code kube-apiserver.log}, {@code kube-controller-manager.log}) are. */
    public Path workDir() {
        return workDir;
    }

    /** The control plane's own admin client, namespace {@code default}; closed by {@link #close()}, do not close it. */
    public KubernetesClient adminClient() {
        return admin;
    }

    /** A fabric8 client configuration for the admin, e.g. for an operator started in this JVM. */
    public Config adminConfig() {
        return configAs(adminToken);
    }

    /** A fabric8 client configuration that authenticates with {@code token} (see {@link #tokenFor}); namespace {@code default}. */
    public Config configAs(String token) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withCaCertFile(caFile.toString())
                .withOauthToken(token)
                .withNamespace("default")
                .build();
    }

    /** A new client that authenticates with {@code token}, so RBAC applies to it as to that identity; close it when done. */
    public KubernetesClient clientAs(String token) {
        return new KubernetesClientBuilder().withConfig(configAs(token)).build();
    }

    /**
     * A token of ServiceAccount {@code namespace/serviceAccount}, valid for 24 hours, from the TokenRequest API. The
     * account is created if it does not exist (the namespace must). It has no permissions until a RoleBinding or
     * ClusterRoleBinding grants some.
     */
    public String tokenFor(String namespace, String serviceAccount) {
        try {
            admin.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(serviceAccount).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: it exists
                throw e;
            }
        }
        TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build();
        return admin.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request)
                .getStatus().getToken();
    }

    /** Writes a kubeconfig for this control plane that authenticates with {@code token}, e.g. for kubectl as a ServiceAccount. */
    public Path writeKubeconfig(Path file, String token) {
        String ca;
        try {
            ca = Base64.getEncoder().encodeToString(Files.readAllBytes(caFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String yaml = "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: kube-control-plane\n"
                + "  cluster:\n"
                + "    server: " + masterUrl + "\n"
                + "    certificate-authority-data: " + ca + "\n"
                + "users:\n"
                + "- name: user\n"
                + "  user:\n"
                + "    token: " + token + "\n"
                + "contexts:\n"
                + "- name: kube-control-plane\n"
                + "  context:\n"
                + "    cluster: kube-control-plane\n"
                + "    user: user\n"
                + "    namespace: default\n"
                + "current-context: kube-control-plane\n";
        try {
            // Owner-only, as helm expects of a kubeconfig (it warns otherwise); it holds a credential.
            Pem.writeSecret(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    /**
     * Drops this control plane's own shutdown hook, so that the JVM's exit stops it only through the caller's
     * {@link #close()}: for a caller whose own hook must stop other things first, such as pods that drain while the
     * API server still answers. (JVM shutdown hooks run all at once, in no order.)
     */
    public void stopOnlyWhenClosed() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting already
        }
    }

    /** Stops the control plane (a no-op on the {@link #shared()} one, which the JVM's exit stops). */
    @Override
    public void close() {
        if (isShared) {
            return;
        }
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting; the hook is running or has run
        }
    }

    /** Stops the processes, the controller-manager first and etcd last, and deletes etcd's data (the logs stay). */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        if (admin != null) {
            admin.close();
        }
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
        deleteTree(workDir.resolve("etcd-data"));
        if (!processes.isEmpty()) {
            System.err.println(String.format(Locale.ROOT, "kube control plane at %s stopped in %.1f s", masterUrl,
                    seconds(System.nanoTime() - t0)));
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is under target/
        }
    }

    /** True while every process of the control plane runs. */
    public boolean isRunning() {
        return !stopped.get() && processes.stream().allMatch(ControlPlaneProcess::isAlive);
    }

    @Override
    public String toString() {
        return "KubeControlPlane[" + masterUrl + ", " + workDir + "]";
    }
}
