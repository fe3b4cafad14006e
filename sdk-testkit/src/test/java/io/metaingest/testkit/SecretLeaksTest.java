package io.metaingest.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The secrets check names each leak once, with the place it went to and its line, the secret masked. */
class SecretLeaksTest {

    private static Map<String, String> places(String report, String stdout, String stderr) {
        Map<String, String> places = new LinkedHashMap<>();
        places.put("run report", report);
        places.put("standard output", stdout);
        places.put("standard error", stderr);
        return places;
    }

    /** A record is a long line: the one carrying the runtime's mask is named by its entity and the field holding it. */
    @Test
    void aMaskedRecordIsNamedByItsEntityAndField() throws Exception {
        String clean = "{\"entityType\":\"database\",\"entity\":{\"name\":\"d\",\"service\":\"svc\"}}";
        String leaked = "{\"entityType\":\"table\",\"entity\":{\"name\":\"t\",\"databaseSchema\":\"svc.d.s\",\"columns\":"
                + "[{\"name\":\"id\",\"dataType\":\"INT\",\"description\":\"read with ******\"}]}}";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(SecretLeaks.maskedRecord(List.of(clean, leaked), List.of(json.readTree(clean), json.readTree(leaked)),
                "******")).hasValue("table svc.d.s.t, in entity.columns[0].description");
        assertThat(SecretLeaks.maskedRecord(List.of(clean), List.of(json.readTree(clean)), "******")).isEmpty();
    }

    @Test
    void aSecretThatIsItsOwnUrlEncodingIsReportedOnceWithTheStreamAndTheLine() {
        String secret = "canaryPw-9f3Kq2-Zx81";
        assertThat(URLEncoder.encode(secret, StandardCharsets.UTF_8)).isEqualTo(secret);
        List<String> problems = SecretLeaks.find("metadata-1", places("{}", "INFO reading\n",
                "INFO start\nWARN login with " + secret + " refused\n"), List.of(secret));
        assertThat(problems).containsExactly("the metadata-1 run: a secret (as is) appears in its standard error,"
                + " first: 'WARN login with <the secret> refused'");
    }

    @Test
    void eachDistinctFormIsNamedWithEveryPlaceAndTheFirstLineIsClippedWithEverySecretMasked() {
        String secret = "pa ss/word+1";
        String token = "tok-123456";
        String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
        String longLine = "x".repeat(100) + " sent " + secret + " and " + token + " " + "y".repeat(100);
        List<String> problems = SecretLeaks.find("lineage-2", places("{\"error\":\"" + secret + "\"}", longLine,
                "GET /x?pw=" + encoded), List.of(secret, token));
        assertThat(problems).containsExactly(
                "the lineage-2 run: a secret (as is) appears in its run report, standard output, first:"
                        + " '{\"error\":\"<the secret>\"}'",
                "the lineage-2 run: a secret (URL-encoded) appears in its standard error, first: 'GET /x?pw=<the secret>'",
                // the token's line, clipped around the token
                "the lineage-2 run: a secret (as is) appears in its standard output, first: '…" + "x".repeat(37)
                        + " sent <the secret> and <the secret> " + "y".repeat(59) + "…'");
        assertThat(String.join("\n", problems)).doesNotContain(secret).doesNotContain(encoded).doesNotContain(token);
    }

    @Test
    void nothingIsReportedWhenNoFormAppears() {
        assertThat(SecretLeaks.find("metadata-1", places("{}", "ok", "ok"), List.of("s3cret-value"))).isEmpty();
    }
}
