package io.asyncservice.api.v1alpha1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The CRD YAML: as the build generates it from the types, and as it is committed for users. */
final class GeneratedCrd {

    static final String FILE_NAME = "asyncservices.asyncservice.io-v1.yml";
    /** Written by crd-generator-maven-plugin at process-classes. */
    static final Path GENERATED = Path.of("target", "classes", "META-INF", "fabric8", FILE_NAME);
    /** Committed in the crds module, and shipped to users. */
    static final Path COMMITTED = Path.of(FILE_NAME);

    private GeneratedCrd() {
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of v1alpha1 in the committed YAML. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> committedSchema() {
        Map<String, Object> crd = new Yaml().load(read(COMMITTED));
        Map<String, Object> spec = (Map<String, Object>) crd.get("spec");
        Map<String, Object> version = ((List<Map<String, Object>>) spec.get("versions")).get(0);
        return (Map<String, Object>) ((Map<String, Object>) version.get("schema")).get("openAPIV3Schema");
    }
}
