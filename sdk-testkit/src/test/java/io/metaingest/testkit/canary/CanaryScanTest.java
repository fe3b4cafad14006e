package io.metaingest.testkit.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leaks planted in a scratch build are found; inputs and other folders are not scanned. */
class CanaryScanTest {

    @TempDir
    Path build;

    private Path write(String relative, String text) throws Exception {
        Path file = build.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aCleanBuildHasNoLeak() throws Exception {
        write("mod/target/surefire-reports/TEST-x.xml", "<testsuite>password ****** masked</testsuite>");
        write("mod/target/canary-outputs/report.json", "{\"state\":\"success\"}");
        CanaryScan.Result result = CanaryScan.scan(build, null);
        assertThat(result.files()).isEqualTo(2);
        assertThat(result.leaks()).isEmpty();
    }

    @Test
    void plantedLeaksAreFoundInEveryFormButInputsAreNotScanned() throws Exception {
        String basic = Base64.getEncoder().encodeToString(("apiKey:" + Canary.PASSWORD).getBytes(StandardCharsets.UTF_8));
        Path log = write("connectors-x/target/surefire-reports/io.x.SomeTest-output.txt",
                "INFO reading\nDEBUG Authorization: Basic " + basic + "\n");
        Path ndjson = write("cli/target/canary-outputs/records.ndjson", "{\"a\":1}\n{\"token\":\"" + Canary.TOKEN + "\"}\n");
        Path jwt = write("cli/target/canary-outputs/report.json", "{\"e\":\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"t\":\"x" + Canary.TOKEN + "\"}").getBytes(StandardCharsets.UTF_8)) + "\"}");
        Path dump = write("cli/target/canary-outputs/bytes.txt", "bytea \\x" + java.util.HexFormat.of().withUpperCase()
                .formatHex(Canary.PASSWORD.getBytes(StandardCharsets.UTF_8)));
        // Inputs legitimately hold the canary: the scan does not look at them.
        write("cli/target/test-classes/workflow.yaml", "password: " + Canary.PASSWORD);
        write("cli/src/test/resources/workflow.yaml", "token: " + Canary.TOKEN);
        write("cli/target/junit-tmp/workflow.yaml", "token: " + Canary.TOKEN);

        CanaryScan.Result result = CanaryScan.scan(build, null);

        assertThat(result.files()).isEqualTo(4);
        assertThat(result.leaks()).extracting(CanaryScan.Leak::file).containsExactlyInAnyOrder(log, ndjson, jwt, dump);
        assertThat(result.leaks()).filteredOn(l -> l.file().equals(log)).singleElement()
                .satisfies(l -> assertThat(l.line()).isEqualTo(2))
                .satisfies(l -> assertThat(l.form()).startsWith("password, base64"));
        assertThat(result.leaks()).filteredOn(l -> l.file().equals(ndjson)).singleElement()
                .satisfies(l -> assertThat(l.form()).isEqualTo("token, as is"));
        assertThat(result.leaks()).filteredOn(l -> l.file().equals(jwt)).singleElement()
                .satisfies(l -> assertThat(l.form()).startsWith("token, base64"));
        assertThat(result.leaks()).filteredOn(l -> l.file().equals(dump)).singleElement()
                .satisfies(l -> assertThat(l.form()).isEqualTo("password, HEX"));
        // The report names the place and the form, never the canary itself.
        assertThat(result.leaks().toString()).doesNotContain(Canary.PASSWORD).doesNotContain(Canary.TOKEN);
    }

    /** An outsider's single-module build runs the scan as a step after its tests, through main. */
    @Test
    void theScanRunsAsAStepOfAnAuthorsOwnBuildFailingOnALeakOrOnNothingToScan() throws Exception {
        assertThatThrownBy(() -> CanaryScan.main(new String[] {build.toString()}))
                .hasMessageContaining("no test outputs under " + build.toAbsolutePath().normalize());
        write("target/surefire-reports/TEST-x.xml", "clean");
        CanaryScan.main(new String[] {build.toString()});
        write("target/surefire-reports/x-output.txt", "token=" + Canary.TOKEN);
        assertThatThrownBy(() -> CanaryScan.main(new String[] {build.toString()}))
                .hasMessageContaining("x-output.txt:1: the canary token, as is")
                .hasMessageNotContaining(Canary.TOKEN);
    }

    @Test
    void theModuleRunningTheScanCanBeLeftOut() throws Exception {
        write("canary-check/target/surefire-reports/x-output.txt", Canary.PASSWORD);
        assertThat(CanaryScan.scan(build, build.resolve("canary-check")).leaks()).isEmpty();
        assertThat(CanaryScan.scan(build, null).leaks()).hasSize(1);
    }
}
