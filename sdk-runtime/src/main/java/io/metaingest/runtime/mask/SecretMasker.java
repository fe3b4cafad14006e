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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides secrets in text leaving the process: console, logs, the run report,
 * record files, exception messages and {@code test-connection} output all pass through it.
 *
 * <p>Besides each secret value it masks the forms a secret takes on its way through HTTP and JSON:
 * URL-encoded ({@code +} or {@code %20} for spaces), JSON-escaped, Base64 (standard and URL-safe,
 * with or without padding) of the secret alone and of {@code partner:secret}, the credential pair
 * of HTTP Basic authentication, for each non-secret value of the connection (an API key, a user
 * name). Immutable and thread-safe.
 *
 * <p>A value shorter than {@value #MIN_SUBSTRING_LENGTH} characters would garble every word that
 * happens to contain it (a password {@code p} turns {@code step} into {@code ste******}), so such a
 * secret is masked only where it stands as a whole word, and derived forms that short are not
 * masked at all.
 */
public final class SecretMasker {

    /** Masks nothing. */
    public static final SecretMasker NONE = new SecretMasker(List.of(), List.of());

    /** The shortest form masked wherever it occurs; shorter secrets are masked as whole words. */
    public static final int MIN_SUBSTRING_LENGTH = 4;

    private final List<String> forms;
    private final List<Pattern> shortWords;

    private SecretMasker(List<String> forms, List<Pattern> shortWords) {
        this.forms = forms;
        this.shortWords = shortWords;
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
        Set<String> shortSecrets = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            if (secret.length() < MIN_SUBSTRING_LENGTH) {
                shortSecrets.add(secret);
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
        forms.removeIf(form -> form.length() < MIN_SUBSTRING_LENGTH);
        List<Pattern> words = shortSecrets.stream()
                .map(secret -> Pattern.compile("(?<![\\p{Alnum}])" + Pattern.quote(secret) + "(?![\\p{Alnum}])"))
                .toList();
        return new SecretMasker(forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList(),
                words);
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
        if (text == null || isEmpty()) {
            return text;
        }
        String masked = text;
        for (String form : forms) {
            if (masked.contains(form)) {
                masked = masked.replace(form, Secret.MASK);
            }
        }
        for (Pattern word : shortWords) {
            masked = word.matcher(masked).replaceAll(Matcher.quoteReplacement(Secret.MASK));
        }
        return masked;
    }

    /** Whether this masker hides anything. */
    public boolean isEmpty() {
        return forms.isEmpty() && shortWords.isEmpty();
    }
}
