package io.metaingest.runtime.exec;

import io.metaingest.api.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Replaces known secret values with {@link Secret#MASK} in text that leaves the process. */
public final class SecretMasker {

    private final List<String> secrets;

    /** Masks these values (values shorter than 4 characters are masked too, longest first). */
    public SecretMasker(Set<String> secrets) {
        this.secrets = secrets.stream().filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** {@code text} with every secret replaced. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, Secret.MASK);
        }
        return masked;
    }
}
