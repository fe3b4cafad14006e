package io.metaingest.toolkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BaseUrlTest {

    @Test
    void aBareHostIsHttps() {
        assertThat(BaseUrl.of("api.fivetran.com")).isEqualTo("https://api.fivetran.com");
        assertThat(BaseUrl.of("library.example.com:8443")).isEqualTo("https://library.example.com:8443");
    }

    @Test
    void aGivenSchemeIsKept() {
        assertThat(BaseUrl.of("http://localhost:18080")).isEqualTo("http://localhost:18080");
    }

    @Test
    void blanksAndTrailingSlashesGo() {
        assertThat(BaseUrl.of("  https://cloud.getdbt.com//  ")).isEqualTo("https://cloud.getdbt.com");
        assertThat(BaseUrl.of("http://host/prefix/")).isEqualTo("http://host/prefix");
    }

    @Test
    void onlyTrailingSlashesAreRemoved() {
        assertThat(BaseUrl.withoutTrailingSlashes("http://host/a/b///")).isEqualTo("http://host/a/b");
        assertThat(BaseUrl.withoutTrailingSlashes("///")).isEmpty();
        assertThat(BaseUrl.withoutTrailingSlashes("host")).isEqualTo("host");
    }
}
