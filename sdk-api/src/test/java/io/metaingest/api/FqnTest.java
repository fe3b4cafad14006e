package io.metaingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FqnTest {

    @Test
    void joinsPlainNamesWithDots() {
        assertThat(Fqn.build("svc", "db", "public", "orders")).isEqualTo("svc.db.public.orders");
    }

    @Test
    void quotesPartsWithDots() {
        assertThat(Fqn.build("svc", "db", "my.schema", "orders")).isEqualTo("svc.db.\"my.schema\".orders");
    }

    @Test
    void doublesQuotesInsideQuotedParts() {
        assertThat(Fqn.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "my.table", "a\"b", "Upper", "ünïcödé.表", "select", "", "..", "\"\"", "a.\"b\".c"})
    void roundTrips(String name) {
        String fqn = Fqn.build("svc", name, "x");
        assertThat(Fqn.split(fqn)).containsExactly("svc", name, "x");
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
    void rejectsMalformedFqns() {
        assertThatThrownBy(() -> Fqn.split("svc.\"open")).hasMessageContaining("unterminated quote");
        assertThatThrownBy(() -> Fqn.split("svc.\"a\"b")).hasMessageContaining("after a closing quote");
        assertThatThrownBy(() -> Fqn.split("svc.a\"b")).hasMessageContaining("quote inside");
    }
}
