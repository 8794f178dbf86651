package io.asyncservice.sidecar.testing;

import io.asyncservice.api.sidecar.SidecarConfig;
import io.asyncservice.api.sidecar.SidecarContract;
import io.asyncservice.sidecar.Sidecar;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.config.EnvSecretSource;
import io.asyncservice.sidecar.config.SidecarSettings;
import java.util.HashMap;
import java.util.Map;

/** A sidecar in the test JVM, configured exactly as a process would be: JSON config plus environment. Fast. */
public final class InProcessSidecar implements SidecarRunner {

    private final Sidecar sidecar;
    private final SidecarSettings settings;

    private InProcessSidecar(Sidecar sidecar, SidecarSettings settings) {
        this.sidecar = sidecar;
        this.settings = settings;
    }

    public static InProcessSidecar start(SidecarConfig config, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put(SidecarContract.CONFIG_ENV, ConfigLoader.toJson(config));
        SidecarSettings settings = ConfigLoader.fromEnvironment(all);
        return new InProcessSidecar(Sidecar.start(settings, new EnvSecretSource(all)), settings);
    }

    public Sidecar sidecar() {
        return sidecar;
    }

    @Override
    public int adminPort() {
        return sidecar.adminPort();
    }

    @Override
    public void stop() {
        sidecar.shutdown(settings.drainTimeout());
    }
}
