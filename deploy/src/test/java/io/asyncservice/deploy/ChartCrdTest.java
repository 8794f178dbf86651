package io.asyncservice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chart ships the CRD that the API types generate, byte for byte. */
class ChartCrdTest {

    static final String CRD_FILE = "asyncservices.asyncservice.io-v1.yml";
    /** Generated from the API types and guarded by the crds module's CrdDriftTest. */
    static final Path GENERATED = Chart.REPO.resolve("crds").resolve(CRD_FILE);

    @Test
    void chartCrdIsTheGeneratedOne() {
        Drift.assertCommitted(Chart.DIR.resolve("crds").resolve(CRD_FILE), Drift.read(GENERATED),
                "a copy of crds/" + CRD_FILE);
    }

    @Test
    void helmInstallsItWithTheChart() {
        String rendered = Chart.template("--include-crds");
        CustomResourceDefinition crd = Chart.parse(rendered).stream()
                .filter(CustomResourceDefinition.class::isInstance).map(CustomResourceDefinition.class::cast)
                .findFirst().orElseThrow();

        assertThat(crd.getMetadata().getName()).isEqualTo("asyncservices.asyncservice.io");
        assertThat(crd.getSpec().getVersions()).extracting(v -> v.getName()).containsExactly("v1alpha1");
        assertThat(crd.getSpec().getVersions().get(0).getSubresources().getScale()).isNotNull();
    }
}
