package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FqnTest {

    @Test
    void joinsPlainNamesWithDots() {
        assertThat(Fqn.build("svc", "db", "public", "orders")).isEqualTo("svc.db.public.orders");
    }

    @Test
    void quotesPartsWithDots() {
        assertThat(Fqn.build("svc", "db", "my.schema", "orders")).isEqualTo("svc.db.\"my.schema\".orders");
    }

    /** OpenMetadata's server (EntityInterfaceUtil.quoteName) builds the parent FQN children are matched against. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "orders|orders",
            "a.b|\"a.b\"",
            "we\"ird|we\"ird",           // a quote: as it is, not doubled or wrapped
            "a.b\"c|a.b\"c",             // a quote and a dot: as it is too, though it then reads as two parts
            "\"a.b\"|\"a.b\"",
            "\"x\"|\"x\"",
            "..|\"..\"",
            "ünï.表|\"ünï.表\""})
    void quotesAsOpenMetadataDoes(String name, String part) {
        assertThat(Fqn.quote(name)).isEqualTo(part);
        assertThat(Fqn.build("oddsvc", "odd", name)).isEqualTo("oddsvc.odd." + part);
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "my.table", "a\"b", "\"ab", "ab\"", "\"ab\"", "\"", "\"\"", "Upper", "ünïcödé.表",
            "select", "", "..", "a\"\"b", "😀.x", "😀\""})
    void roundTrips(String name) {
        String fqn = Fqn.build("svc", name, "x");
        assertThat(Fqn.split(fqn)).containsExactly("svc", name, "x");
        assertThat(Fqn.split(Fqn.build(name))).containsExactly(name);
    }

    @Test
    void anEmptyPartKeepsItsPlaceWhereverItIs() {
        assertThat(Fqn.build("", "y")).isEqualTo(".y");
        assertThat(Fqn.split(Fqn.build("", "y"))).containsExactly("", "y");
        assertThat(Fqn.split(Fqn.build("x", ""))).containsExactly("x", "");
    }

    @Test
    void appendKeepsTheQuotedPrefix() {
        String schema = Fqn.build("svc", "d.b", "s");
        assertThat(Fqn.split(Fqn.append(schema, "t.1"))).isEqualTo(List.of("svc", "d.b", "s", "t.1"));
    }

    @Test
    void aNameWithADotAndAQuoteIsWrittenAsTheServerWritesItAndSplitsAtItsDots() {
        // The server leaves it unquoted, so its FQN cannot tell it from two names; the FQN still matches the server's.
        assertThat(Fqn.build("svc", "a.b\"c")).isEqualTo("svc.a.b\"c");
        assertThat(Fqn.split("svc.a.b\"c")).containsExactly("svc", "a", "b\"c");
    }

    @Test
    void aLoneLeadingQuoteAndALaterTrailingOneReadAsOneDottedName() {
        // "a then b" builds "a.b", exactly as a.b does: split reads the dotted name, the commoner one.
        assertThat(Fqn.build("\"a", "b\"")).isEqualTo(Fqn.build("a.b"));
        assertThat(Fqn.split("\"a.b\"")).containsExactly("a.b");
    }

    @Test
    void anyTextSplitsWithoutErrorIntoNamesThatBuildItAgain() {
        for (String text : List.of("svc.\"open", "svc.\"a\"b", "svc.a\"b", "\"", "\".\"", "\"a.\".b", ".", "\"\"\"")) {
            assertThat(Fqn.build(Fqn.split(text).toArray(String[]::new))).as(text).isEqualTo(text);
        }
        assertThat(Fqn.split("svc.\"a.\"b")).containsExactly("svc", "\"a", "\"b");
    }

    /** Every list of up to two names over a small alphabet with the characters that matter, and random longer ones. */
    @Test
    void splitInvertsBuildForEveryNameWithoutBothADotAndAQuoteNorALoneLeadingQuote() {
        List<String> names = names(List.of("a", ".", "\"", "é", "😀"), 3);
        int checked = 0;
        for (String first : names) {
            for (String second : names) {
                checked += check(List.of(first, second)) ? 1 : 0;
                checked += check(List.of("svc", first, "x", second)) ? 1 : 0;
            }
        }
        Random random = new Random(56); // fixed: a failure reproduces
        for (int i = 0; i < 50_000; i++) {
            List<String> parts = new ArrayList<>();
            for (int p = 1 + random.nextInt(5); p > 0; p--) {
                parts.add(names.get(random.nextInt(names.size())));
            }
            checked += check(parts) ? 1 : 0;
        }
        assertThat(checked).isGreaterThan(30_000); // the guarantee covers most lists, not a corner of them
    }

    /** Whether the round trip is guaranteed for these parts (and so was checked); the FQN always re-builds. */
    private static boolean check(List<String> parts) {
        String fqn = Fqn.build(parts.toArray(String[]::new));
        List<String> split = Fqn.split(fqn);
        assertThat(Fqn.build(split.toArray(String[]::new))).as("%s", parts).isEqualTo(fqn);
        boolean guaranteed = parts.stream().noneMatch(p -> p.contains(".") && p.contains("\"")
                || p.startsWith("\"") && p.indexOf('"', 1) < 0);
        if (guaranteed) {
            assertThat(split).as("%s built as %s", parts, fqn).isEqualTo(parts);
        }
        return guaranteed;
    }

    private static List<String> names(List<String> alphabet, int maxLength) {
        List<String> names = new ArrayList<>(List.of(""));
        List<String> previous = List.of("");
        for (int length = 1; length <= maxLength; length++) {
            List<String> next = new ArrayList<>();
            for (String name : previous) {
                for (String c : alphabet) {
                    next.add(name + c);
                }
            }
            names.addAll(next);
            previous = next;
        }
        return names;
    }
}
