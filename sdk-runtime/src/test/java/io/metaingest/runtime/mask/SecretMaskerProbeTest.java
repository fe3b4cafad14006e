package io.metaingest.runtime.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SecretMasker#mayAppearIn}: the byte scan that lets a sink skip masking must never miss a secret. */
class SecretMaskerProbeTest {

    private static boolean mayAppear(SecretMasker masker, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return masker.mayAppearIn(bytes, 0, bytes.length);
    }

    @Test
    void findsEveryFormAnywhereInTheText() {
        String secret = "s3cr3t-Pw/+x";
        SecretMasker masker = SecretMasker.of(List.of(secret), List.of("alice"));
        List<String> forms = List.of(secret, "s3cr3t-Pw%2F%2Bx",
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(("alice:" + secret).getBytes(StandardCharsets.UTF_8)));
        for (String form : forms) {
            for (String text : List.of(form, "x" + form, form + "y", "{\"a\":\"é " + form + " ü\"}")) {
                assertThat(mayAppear(masker, text)).as(text).isTrue();
                assertThat(masker.mask(text)).as(text).contains("******");
            }
        }
    }

    @Test
    void aTextWithoutAnyFormIsLeftAloneByMaskToo() {
        SecretMasker masker = SecretMasker.of(List.of("postgres", "pw"), List.of("postgres"));
        String clean = "{\"entityType\":\"table\",\"entity\":{\"name\":\"t1\",\"columns\":[{\"precision\":12}]}}";
        assertThat(mayAppear(masker, clean)).isFalse();
        assertThat(masker.mask(clean)).isEqualTo(clean);
        assertThat(mayAppear(masker, "{\"user\":\"pw\"}")).as("a short secret as a JSON value").isTrue();
        assertThat(mayAppear(masker, "user pw here")).as("a short secret in free text is not masked").isFalse();
        assertThat(mayAppear(masker, "a postgres b")).isTrue();
    }

    @Test
    void aOneCharacterSecretIsLookedForAtEveryByte() {
        SecretMasker masker = SecretMasker.of(List.of("q"));
        assertThat(mayAppear(masker, "q")).isTrue();
        assertThat(mayAppear(masker, "abc \"q\"")).isTrue();
        assertThat(mayAppear(masker, "abc q")).isFalse();
        assertThat(mayAppear(masker, "abc")).isFalse();
    }

    @Test
    void neverSaysNoWhereMaskingChangesTheText() {
        Random random = new Random(16);
        String alphabet = "ab:/+=%é";
        for (int round = 0; round < 2_000; round++) {
            String secret = randomText(random, alphabet, 1 + random.nextInt(6));
            SecretMasker masker = SecretMasker.of(List.of(secret), List.of(randomText(random, alphabet, 2)));
            assertNoMiss(masker, secret, randomText(random, alphabet, random.nextInt(40)));
        }
    }

    @Test
    void theSkippingScanOfLongerSecretsNeverMissesOne() {
        // Secrets of 4 bytes or more are found by a scan that skips bytes: secrets of mixed lengths
        // (their URL, JSON and Base64 forms are probes too), near-misses from a small alphabet, and the
        // secret at every kind of place, from the first byte to the last.
        Random random = new Random(1611);
        String alphabet = "ab:/+=%é\"c";
        for (int round = 0; round < 3_000; round++) {
            String secret = randomText(random, alphabet, 4 + random.nextInt(14));
            SecretMasker masker = SecretMasker.of(List.of(secret, randomText(random, alphabet, 4 + random.nextInt(20))),
                    List.of(randomText(random, alphabet, 3)));
            String text = randomText(random, alphabet, random.nextInt(300));
            if (random.nextBoolean()) {
                int at = random.nextInt(text.length() + 1);
                text = text.substring(0, at) + secret + text.substring(at);
                assertThat(mayAppear(masker, text)).as("secret %s in %s", secret, text).isTrue();
            }
            assertNoMiss(masker, secret, text);
        }
    }

    /** Where the probe says no secret may appear, masking must leave the text as it is. */
    private static void assertNoMiss(SecretMasker masker, String secret, String text) {
        if (!mayAppear(masker, text)) {
            assertThat(masker.mask(text)).as("secret %s in %s", secret, text).isEqualTo(text);
        }
    }

    @Test
    void combinedMaskersFindTheSecretsOfBoth() {
        SecretMasker both = SecretMasker.of(List.of("first-secret")).and(SecretMasker.of(List.of("second-secret")));
        assertThat(both.mask("first-secret and second-secret")).isEqualTo("****** and ******");
        assertThat(mayAppear(both, "x second-secret")).isTrue();
        assertThat(mayAppear(both, "neither")).isFalse();
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
