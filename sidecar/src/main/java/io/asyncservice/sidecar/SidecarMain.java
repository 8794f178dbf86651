package io.asyncservice.sidecar;

import io.asyncservice.sidecar.config.ConfigException;
import io.asyncservice.sidecar.config.ConfigLoader;
import io.asyncservice.sidecar.config.EnvSecretSource;
import io.asyncservice.sidecar.config.SidecarSettings;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sidecar process: reads the configuration ({@code ASVC_CONFIG} or {@code ASVC_CONFIG_FILE}), starts a
 * {@link Sidecar}, and drains on SIGTERM within the drain timeout. Exit code 2 for a bad configuration, 1 when the
 * sidecar cannot start.
 */
public final class SidecarMain {

    /** text (default) or json. */
    public static final String LOG_FORMAT_ENV = "LOG_FORMAT";
    public static final int EXIT_BAD_CONFIG = 2;
    public static final int EXIT_START_FAILED = 1;

    private SidecarMain() {
    }

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        // Before the first logger exists: logback.xml picks its appender from this property.
        System.setProperty("asvc.log.format", "json".equalsIgnoreCase(env.get(LOG_FORMAT_ENV)) ? "json" : "text");
        // The app client keeps idle connections 2 s, shorter than common app servers' keep-alive, so it never
        // writes to a connection the app has just closed.
        setIfAbsent("jdk.httpclient.keepalive.timeout", "2");
        // HttpURLConnection (the AWS SDK's client here) keeps only 5 idle connections per host by default, and would
        // silently send a POST twice when a kept-alive connection breaks; the SDK's own retry policy decides instead.
        setIfAbsent("http.maxConnections", "256");
        setIfAbsent("sun.net.http.retryPost", "false");
        // The admin server would otherwise hold each response's body back for a delayed ACK (Nagle): ~40 ms a call.
        setIfAbsent("sun.net.httpserver.nodelay", "true");
        Logger log = LoggerFactory.getLogger(SidecarMain.class);

        SidecarSettings settings;
        try {
            settings = ConfigLoader.fromEnvironment(env);
        } catch (ConfigException e) {
            log.error("invalid configuration:\n  {}", String.join("\n  ", e.problems()));
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        Sidecar sidecar;
        try {
            sidecar = Sidecar.start(settings, new EnvSecretSource(env));
        } catch (RuntimeException e) {
            log.error("the sidecar could not start: {}", e.toString(), e);
            System.exit(EXIT_START_FAILED);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> sidecar.shutdown(settings.drainTimeout()), "asvc-shutdown"));
        sidecar.awaitStopped();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value.toLowerCase(Locale.ROOT));
        }
    }
}
