package io.metaingest.runtime.mask;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.metaingest.api.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one place that hides secrets in text leaving the process: console, logs, the run report,
 * record files, exception messages and {@code test-connection} output all pass through it.
 *
 * <p>Besides each secret value it masks the forms a secret takes on its way through HTTP and JSON:
 * URL-encoded ({@code +} or {@code %20} for spaces), JSON-escaped, Base64 (standard and URL-safe,
 * with or without padding) of the secret alone and of {@code partner:secret}, the credential pair
 * of HTTP Basic authentication, for each non-secret value of the connection (an API key, a user
 * name). Immutable and thread-safe.
 */
public final class SecretMasker {

    /** Masks nothing. */
    public static final SecretMasker NONE = new SecretMasker(List.of());

    private final List<String> forms;

    private SecretMasker(List<String> forms) {
        this.forms = forms;
    }

    /**
     * A masker for these secrets.
     *
     * @param secrets the secret values; empty ones are ignored
     * @param partners the values a secret may be paired with as {@code partner:secret} (user names,
     *                 API keys); they are not masked themselves
     */
    public static SecretMasker of(Collection<String> secrets, Collection<String> partners) {
        Set<String> forms = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            forms.add(secret);
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
            addBase64(forms, secret);
            for (String partner : partners) {
                if (partner != null && !partner.isEmpty() && !partner.equals(secret)) {
                    addBase64(forms, partner + ":" + secret);
                }
            }
        }
        forms.remove("");
        return new SecretMasker(forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** A masker for these secrets, without credential pairs. */
    public static SecretMasker of(Collection<String> secrets) {
        return of(secrets, List.of());
    }

    private static void addBase64(Set<String> forms, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** {@code text} with every secret form replaced by {@link Secret#MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || forms.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String form : forms) {
            if (masked.contains(form)) {
                masked = masked.replace(form, Secret.MASK);
            }
        }
        return masked;
    }

    /** Whether this masker hides anything. */
    public boolean isEmpty() {
        return forms.isEmpty();
    }
}
