package io.metaingest.openmetadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenNamesTest {

    @Test
    void holdsEveryAddedNameAndNoOtherAcrossGrowth() {
        SeenNames names = new SeenNames();
        for (int i = 0; i < 200_000; i++) {
            names.add("svc.db.s" + i / 1000 + ".t" + i);
        }
        assertThat(names.add("svc.db.s0.t0")).as("again: counted once, not new").isFalse();
        assertThat(names.add("svc.db.s0.new")).isTrue();

        assertThat(names.size()).isEqualTo(200_001);
        for (int i = 0; i < 200_000; i++) {
            assertThat(names.contains("svc.db.s" + i / 1000 + ".t" + i)).isTrue();
        }
        for (int i = 0; i < 200_000; i++) {
            assertThat(names.contains("svc.db.s" + i / 1000 + ".gone" + i)).isFalse();
        }
        assertThat(names.contains("svc.db.\"s.0\".t0")).isFalse();
    }

    @Test
    void hashesSpreadSimilarNamesAndNeverUseTheEmptySlot() {
        assertThat(SeenNames.hash("t1")).isNotEqualTo(SeenNames.hash("t2")).isNotZero();
        assertThat(SeenNames.hash("")).isNotZero();
    }
}
