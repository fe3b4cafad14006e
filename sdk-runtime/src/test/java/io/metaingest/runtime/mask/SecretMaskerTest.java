package io.metaingest.runtime.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {

    private static final String SECRET = "s3cr/t+P@ss \"word\"";
    private static final String KEY = "api-key-123";
    private final SecretMasker masker = SecretMasker.of(List.of(SECRET), List.of(KEY));

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void masksTheSecretAndEveryDerivedForm() {
        List<String> forms = List.of(SECRET,
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8),
                URLEncoder.encode(SECRET, StandardCharsets.UTF_8).replace("+", "%20"),
                "s3cr/t+P@ss \\\"word\\\"",
                b64(SECRET),
                Base64.getUrlEncoder().encodeToString(SECRET.getBytes(StandardCharsets.UTF_8)),
                b64(KEY + ":" + SECRET),
                java.util.HexFormat.of().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)),
                java.util.HexFormat.of().withUpperCase().formatHex(SECRET.getBytes(StandardCharsets.UTF_8)));
        for (String form : forms) {
            String masked = masker.mask("Authorization: Basic " + form + " end");
            assertThat(masked).as(form).doesNotContain(form).contains("******").endsWith(" end");
        }
        assertThat(masker.mask("user " + KEY)).isEqualTo("user " + KEY); // partners are not secrets
    }

    @Test
    void aPairOfTwoSecretsIsMaskedAsAWholeNotLeavingHalfItsBase64() {
        SecretMasker both = SecretMasker.of(List.of("key-Alpha-9", "canaryPw-9f3Kq2-Zx81"), List.of());
        String header = "Authorization: Basic " + b64("key-Alpha-9:canaryPw-9f3Kq2-Zx81") + " end";

        assertThat(both.mask(header)).isEqualTo("Authorization: Basic ****** end");
    }

    @Test
    void masksTheSecretAsOtherJsonEncodersEscapeIt() {
        SecretMasker pw = SecretMasker.of(List.of("ftS3cr3t/+Zq==", "pässwörd-42"));
        List<String> escaped = List.of(
                "ftS3cr3t\\/+Zq==", // "/" written as "\/" (PHP, some Java encoders)
                "p\\u00e4ssw\\u00f6rd-42", // Python's json.dumps: non-ASCII as \\uXXXX
                "p\\u00E4ssw\\u00F6rd-42"); // the same in upper-case hex
        for (String form : escaped) {
            String line = "{\"message\":\"bad key " + form + "\"} end";
            assertThat(pw.mask(line)).as(form).doesNotContain(form).contains("bad key ******").endsWith(" end");
        }
    }

    @Test
    void masksEveryPercentEncodingOfTheSecretAndOfItsDerivedForms() {
        SecretMasker pw = SecretMasker.of(List.of("abc/def+ghi", "pa\"ss\\wörd"));
        List<String> encoded = List.of(
                "abc/def%2Bghi", // RFC 3986 style: "/" kept, "+" escaped
                "abc%2fdef%2bghi", // lower-case hex
                "%61%62%63%2F%64%65%66%2B%67%68%69", // every character escaped
                "pa%5C%22ss%5C%5Cw%C3%B6rd", // the JSON-escaped form, percent-encoded
                "pa%22ss%5Cw%c3%b6rd", // the secret itself, in lower-case hex
                java.net.URLEncoder.encode(b64("abc/def+ghi"), StandardCharsets.UTF_8).replace("%3D", "%3d")); // Base64, encoded
        for (String form : encoded) {
            String line = "{\"body\":\"password%22%3A%22" + form + "%22\"} end";
            assertThat(pw.mask(line)).as(form).doesNotContain(form).contains("password%22%3A%22******").endsWith(" end");
            byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
            assertThat(pw.mayAppearIn(utf8, 0, utf8.length)).as(form).isTrue();
        }
        // Escapes that decode to something else are left as they are.
        assertThat(pw.mask("100%25 of abc%2Fdxf and %zz")).isEqualTo("100%25 of abc%2Fdxf and %zz");
    }

    @Test
    void aStreamMasksSecretsWrittenInPieces() {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        MaskingOutputStream masking = new MaskingOutputStream(target);
        masking.use(masker);
        PrintStream out = new PrintStream(masking, false, StandardCharsets.UTF_8);
        out.print("a " + SECRET.substring(0, 4));
        out.print(SECRET.substring(4));
        out.println(" b");
        out.flush();
        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("a ****** b" + System.lineSeparator());
    }

    @Test
    void aShortSecretIsLeftInFreeTextWhereMaskingItWouldGarbleAndRevealIt() {
        SecretMasker shortOne = SecretMasker.of(List.of("a"), List.of("u"));
        // Masked as a word, "a" became ****** in every sentence: unreadable, and the gaps told the letter.
        assertThat(shortOne.mask("cannot write a file at localhost: a data source (a)"))
                .isEqualTo("cannot write a file at localhost: a data source (a)");
        assertThat(shortOne.mask("YQ== dTph")).as("derived forms of 4 characters: Base64 of 'a' and of 'u:a'")
                .isEqualTo("****** ******");
        assertThat(shortOne.mask("YQ")).as("a two-letter form would garble text: left alone").isEqualTo("YQ");
    }

    @Test
    void aShortSecretIsMaskedWhereItIsAWholeValue() {
        SecretMasker shortOne = SecretMasker.of(List.of("a\""));
        assertThat(shortOne.mask("a\"")).as("a field's whole value, masked value by value").isEqualTo("******");
        assertThat(shortOne.mask("{\"password\":\"a\\\"\",\"name\":\"a\"}"))
                .as("a JSON string that is the secret (the run report)")
                .isEqualTo("{\"password\":\"******\",\"name\":\"a\"}");
        byte[] whole = "a\"".getBytes(StandardCharsets.UTF_8);
        assertThat(shortOne.mayAppearIn(whole, 0, whole.length)).isTrue();
    }

    @Test
    void aShortSecretIsMaskedAsTheValueOfAKeyValuePair() {
        SecretMasker shortOne = SecretMasker.of(List.of("pw"));
        assertThat(shortOne.mask("GET /v1/x?api_key=pw&page=2: HTTP 500; jdbc:x://h/db?password=pw"))
                .isEqualTo("GET /v1/x?api_key=******&page=2: HTTP 500; jdbc:x://h/db?password=******");
        assertThat(shortOne.mask("size=pwx, the pw column")).as("not a whole value: left alone")
                .isEqualTo("size=pwx, the pw column");
        byte[] line = "url?password=pw".getBytes(StandardCharsets.UTF_8);
        assertThat(shortOne.mayAppearIn(line, 0, line.length)).isTrue();
        byte[] other = "the pw column".getBytes(StandardCharsets.UTF_8);
        assertThat(shortOne.mayAppearIn(other, 0, other.length)).isFalse();
    }

    @Test
    void aStreamOverAPrintStreamPassesOnTheErrorsThePrintStreamSwallows() {
        // The process's stdout is a PrintStream: when the reader goes away (| head), it only sets a flag.
        PrintStream closedPipe = new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws java.io.IOException {
                throw new java.io.IOException("Broken pipe");
            }
        }, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(new MaskingOutputStream(closedPipe), false, StandardCharsets.UTF_8);

        out.println("a record");

        assertThat(out.checkError()).as("the writer above sees that nobody received the line").isTrue();
    }
}
