package io.metaingest.runtime;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend one way: facade → exec → config → registry. The runtime's own steps
 * (sinks, usage steps) see none of them: they are created by the injector like a plugin's.
 */
class PackageDirectionTest {

    static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.metaingest.runtime");

    static final ArchRule ONE_WAY = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("facade").definedBy("io.metaingest.runtime")
            .layer("exec").definedBy("io.metaingest.runtime.exec..")
            .layer("config").definedBy("io.metaingest.runtime.config..")
            .layer("registry").definedBy("io.metaingest.runtime.registry..")
            .layer("steps").definedBy("io.metaingest.runtime.steps..", "io.metaingest.runtime.sink..",
                    "io.metaingest.runtime.usage..", "io.metaingest.runtime.quality..")
            .whereLayer("facade").mayNotBeAccessedByAnyLayer()
            .whereLayer("exec").mayOnlyBeAccessedByLayers("facade")
            .whereLayer("config").mayOnlyBeAccessedByLayers("facade", "exec")
            .whereLayer("registry").mayOnlyBeAccessedByLayers("facade", "exec", "config")
            .whereLayer("steps").mayOnlyBeAccessedByLayers("facade");

    @Test
    void packagesDependOneWay() {
        ONE_WAY.check(RUNTIME);
    }

    @Test
    void anUpwardImportIsRejected() throws ClassNotFoundException {
        JavaClasses withUpwardImport = new ClassFileImporter().importClasses(
                Class.forName("io.metaingest.runtime.registry.UpwardImportFixture"),
                io.metaingest.runtime.exec.RunState.class);
        // The fixture alone leaves the other layers empty, which the rule also reports; look at the import.
        assertThat(ONE_WAY.evaluate(withUpwardImport).getFailureReport().getDetails())
                .filteredOn(line -> line.contains("UpwardImportFixture")).isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("io.metaingest.runtime.exec.RunState"));
    }
}
