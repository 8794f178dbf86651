package io.asyncservice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/** Every AsyncService in deploy/examples passes the committed CRD's required fields and CEL rules. */
class ExamplesValidateAgainstCrdTest {

    private static final Path EXAMPLES = Path.of("..", "deploy", "examples");
    private static final CrdSchemaValidator VALIDATOR = new CrdSchemaValidator(GeneratedCrd.committedSchema());

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("examples in %s", EXAMPLES).isNotEmpty();
            return yaml.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    @SuppressWarnings("unchecked")
    void exampleIsAcceptedByTheCrd(Path example) throws IOException {
        List<Map<String, Object>> services = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(Files.readString(example))) {
            if (doc instanceof Map<?, ?> map && "AsyncService".equals(map.get("kind"))) {
                services.add((Map<String, Object>) map);
            }
        }
        assertThat(services).as("AsyncServices in %s", example).isNotEmpty();
        services.forEach(service -> assertThat(VALIDATOR.validate(service)).as("%s", example).isEmpty());
    }
}
