package io.asyncservice.deploy;

import io.asyncservice.testing.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The Helm chart in {@code deploy/helm/async-service-operator}, rendered by helm and parsed with fabric8. */
public final class Chart {

    /** The tests run in the deploy module's folder. */
    public static final Path DEPLOY = Path.of("").toAbsolutePath();
    public static final Path REPO = DEPLOY.getParent();
    public static final Path DIR = DEPLOY.resolve("helm/async-service-operator");
    public static final String RELEASE = "async-service-operator";
    public static final String NAMESPACE = "async-service-operator";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private Chart() {
    }

    /** {@code helm template} with {@code args} such as {@code --set a=b}, as text. */
    public static String template(String... args) {
        List<String> command = new ArrayList<>(List.of("template", RELEASE, DIR.toString(), "--namespace", NAMESPACE));
        command.addAll(List.of(args));
        return Helm.run(DEPLOY, command.toArray(String[]::new));
    }

    private static final java.util.Map<List<String>, Rendered> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * {@code helm template} with {@code args}, parsed into fabric8 objects in the order helm printed them. Each set of
     * arguments is rendered once per test run; tests must not change the objects.
     */
    public static Rendered render(String... args) {
        return RENDERED.computeIfAbsent(List.of(args), a -> new Rendered(parse(template(args))));
    }

    /** Every YAML document of {@code yaml} that holds an object. */
    public static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(yaml)) {
            boolean empty = document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
            if (!empty) {
                objects.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    /** What one {@code helm template} produced. */
    public record Rendered(List<HasMetadata> objects) {

        public <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        public <T extends HasMetadata> T one(Class<T> type) {
            List<T> found = all(type);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
            }
            return found.get(0);
        }

        public List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
        }
    }
}
