package io.metaingest.runtime.mask;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.metaingest.api.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that hides secrets in text leaving the process: console, logs, the run report,
 * record files, exception messages and {@code test-connection} output all pass through it.
 *
 * <p>Besides each secret value it masks the forms a secret takes on its way through HTTP and JSON:
 * URL-encoded ({@code +} or {@code %20} for spaces), JSON-escaped (also with {@code \/} and {@code \}{@code uXXXX}
 * escapes), Base64 (standard and URL-safe,
 * with or without padding) of the secret alone and of {@code partner:secret}, the credential pair
 * of HTTP Basic authentication, for each non-secret value of the connection (an API key, a user
 * name), and the hex of its UTF-8 bytes in either case (a byte dump, a digest tool's input echoed,
 * PostgreSQL's {@code bytea} output). Immutable and thread-safe.
 *
 * <p>A value shorter than {@value #MIN_SUBSTRING_LENGTH} characters cannot be hidden in free text:
 * searched for as a substring it garbles every word holding it ({@code step} as {@code ste******}
 * for a password {@code p}), and even masked as a whole word every {@code ******} where a common word
 * stood tells the reader the secret. So such a secret is masked only where it is a whole value: a
 * text that is exactly the secret (a record's string field, masked value by value), a JSON string
 * that is exactly it ({@code "p"} in the run report) and the value of a {@code key=value} pair
 * ({@code password=p} in a URL or a connection string quoted by a message). Its derived forms of
 * {@value #MIN_SUBSTRING_LENGTH} characters or more (Base64 of {@code user:p}) are masked anywhere;
 * shorter ones not at all. The loader warns of such a secret by its setting's path.
 */
public final class SecretMasker {

    /** Masks nothing. */
    public static final SecretMasker NONE = new SecretMasker(List.of(), List.of());

    /** The shortest form masked wherever it occurs; shorter secrets are masked only as whole values. */
    public static final int MIN_SUBSTRING_LENGTH = 4;

    /** Longest first, so a form inside a longer one does not break the longer one's replacement. */
    private final List<String> forms;
    /**
     * The forms as UTF-8, looked for in text once its percent-escapes are decoded: an encoder may
     * leave any character as it is or write any hex case ({@code /} kept, {@code +} as {@code %2B},
     * {@code %c3%a9}), more variants than a list of encoded forms can hold.
     */
    private final List<byte[]> percentTargets;
    private final List<String> shortSecrets;
    /** Each short secret as a JSON string, quotes included ({@code "p"}): a whole value in JSON text. */
    private final List<String> shortJsonValues;
    /**
     * Each short secret as the value of a {@code key=value} pair ({@code =p} not followed by a letter or
     * digit): a URL's query or a connection string in a message states it as a whole value too.
     */
    private final List<java.util.regex.Pattern> shortAssignments;
    /** The short secrets as UTF-8: a text that is exactly one of them is masked. */
    private final List<byte[]> shortValues;
    /**
     * UTF-8 of the texts whose absence proves that {@link #mask} changes nothing: each form that
     * holds no other form, and each short secret's JSON string. Scanned in one pass by {@link #mayAppearIn}.
     */
    private final byte[][] probes;
    /** The first two bytes of the probes, as {@code first << 8 | second}: most positions fail this one test. */
    private final boolean[] probePairs = new boolean[1 << 16];
    /** Whether a probe is one byte long (a one-character secret); then every byte is looked at. */
    private final boolean[] probeSingles = new boolean[256];
    /** The shortest probe's length: the window the skipping scan moves along the text. */
    private final int window;
    /**
     * For the skipping scan (Wu–Manber with two-byte blocks): by {@code first << 8 | second} of the
     * two bytes that end the window, how far the window may move without passing the start of a probe;
     * 0 where a probe may start at the window's start.
     */
    private final short[] shifts;

    private SecretMasker(Collection<String> forms, Collection<String> shortSecrets) {
        this.forms = forms.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.percentTargets = this.forms.stream().filter(form -> form.indexOf('%') < 0)
                .map(form -> form.getBytes(StandardCharsets.UTF_8)).toList();
        this.shortSecrets = List.copyOf(shortSecrets);
        this.shortJsonValues = this.shortSecrets.stream()
                .map(secret -> '"' + new String(JsonStringEncoder.getInstance().quoteAsString(secret)) + '"').toList();
        this.shortValues = this.shortSecrets.stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        this.shortAssignments = this.shortSecrets.stream().map(secret -> java.util.regex.Pattern.compile(
                "=" + java.util.regex.Pattern.quote(secret) + "(?![\\p{Alnum}])")).toList();
        List<String> probeTexts = new ArrayList<>(this.shortJsonValues);
        this.shortSecrets.forEach(secret -> probeTexts.add("=" + secret));
        for (String form : this.forms) {
            if (this.forms.stream().noneMatch(other -> other.length() < form.length() && form.contains(other))) {
                probeTexts.add(form);
            }
        }
        this.probes = probeTexts.stream().distinct().map(text -> text.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        for (byte[] probe : probes) {
            if (probe.length == 1) {
                probeSingles[probe[0] & 0xff] = true;
            } else {
                probePairs[(probe[0] & 0xff) << 8 | (probe[1] & 0xff)] = true;
            }
        }
        this.window = Arrays.stream(probes).mapToInt(probe -> probe.length).min().orElse(0);
        this.shifts = window >= MIN_SUBSTRING_LENGTH ? shifts(probes, window) : null;
    }

    /** Each block's shift: the distance from its last place in a probe's first {@code window} bytes to the window's end. */
    private static short[] shifts(byte[][] probes, int window) {
        short[] shifts = new short[1 << 16];
        Arrays.fill(shifts, (short) (window - 1));
        for (byte[] probe : probes) {
            for (int end = 1; end < window; end++) {
                int block = (probe[end - 1] & 0xff) << 8 | (probe[end] & 0xff);
                shifts[block] = (short) Math.min(shifts[block], window - 1 - end);
            }
        }
        return shifts;
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
            addJsonEscaped(forms, secret);
            addBase64(forms, secret);
            addHex(forms, secret);
            // Another secret can be the pair's first half too (an API key marked secret beside its secret):
            // without the pair's own forms, masking the key's Base64 inside the header's would leave the rest,
            // which decodes to ':secret'.
            for (String partner : concat(partners, secrets)) {
                if (partner != null && !partner.isEmpty() && !partner.equals(secret)) {
                    addBase64(forms, partner + ":" + secret);
                }
            }
        }
        forms.removeIf(form -> form.length() < MIN_SUBSTRING_LENGTH);
        return new SecretMasker(forms, shortSecrets);
    }

    private static List<String> concat(Collection<String> first, Collection<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** A masker for these secrets, without credential pairs. */
    public static SecretMasker of(Collection<String> secrets) {
        return of(secrets, List.of());
    }

    /**
     * The secret as JSON encoders write it inside a string: Jackson's escaping, and the two variants other
     * encoders use, which a vendor's error body may quote: {@code /} written as {@code \/} (PHP, some Java
     * encoders) and every non-ASCII character as {@code \}{@code uXXXX} (Python's default), in either hex case.
     */
    private static void addJsonEscaped(Set<String> forms, String secret) {
        String jackson = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
        forms.add(jackson);
        forms.add(jackson.replace("/", "\\/"));
        StringBuilder ascii = new StringBuilder();
        jackson.chars().forEach(c -> ascii.append(c < 0x80 ? String.valueOf((char) c) : String.format(Locale.ROOT, "\\u%04x", c)));
        for (String form : List.of(ascii.toString(), ascii.toString().replace("/", "\\/"))) {
            forms.add(form);
            forms.add(upperHexEscapes(form));
        }
    }

    private static final Pattern HEX_ESCAPE = Pattern.compile("\\\\u[0-9a-f]{4}");

    private static String upperHexEscapes(String text) {
        return HEX_ESCAPE.matcher(text).replaceAll(r -> Matcher.quoteReplacement(r.group().substring(0, 2)
                + r.group().substring(2).toUpperCase(Locale.ROOT)));
    }

    private static void addBase64(Set<String> forms, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static void addHex(Set<String> forms, String secret) {
        String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
        forms.add(hex);
        forms.add(hex.toUpperCase(Locale.ROOT));
    }

    /** {@code text} with every secret form replaced by {@link Secret#MASK}; null stays null. */
    public String mask(String text) {
        if (text == null || isEmpty()) {
            return text;
        }
        for (String secret : shortSecrets) {
            if (text.equals(secret)) {
                return Secret.MASK;
            }
        }
        String masked = text;
        for (String form : forms) {
            if (masked.contains(form)) {
                masked = masked.replace(form, Secret.MASK);
            }
        }
        masked = maskPercentEncoded(masked);
        for (String value : shortJsonValues) {
            if (masked.contains(value)) {
                masked = masked.replace(value, '"' + Secret.MASK + '"');
            }
        }
        for (java.util.regex.Pattern assignment : shortAssignments) {
            masked = assignment.matcher(masked).replaceAll("=" + java.util.regex.Matcher.quoteReplacement(Secret.MASK));
        }
        return masked;
    }

    /** {@code text} with each span whose percent-decoding is a secret form replaced by the mask. */
    private String maskPercentEncoded(String text) {
        if (percentTargets.isEmpty() || text.indexOf('%') < 0) {
            return text;
        }
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = new byte[raw.length];
        int[] origin = new int[raw.length + 1]; // where each decoded byte starts in raw
        int n = 0;
        for (int i = 0; i < raw.length; n++) {
            origin[n] = i;
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                decoded[n] = (byte) (hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 3;
            } else {
                decoded[n] = raw[i++];
            }
        }
        origin[n] = raw.length;
        boolean[] hidden = new boolean[raw.length];
        boolean any = false;
        for (byte[] target : percentTargets) {
            for (int start = 0; start + target.length <= n; start++) {
                if (matches(decoded, start, target)) {
                    Arrays.fill(hidden, origin[start], origin[start + target.length], true);
                    any = true;
                }
            }
        }
        if (!any) {
            return text;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length);
        byte[] mask = Secret.MASK.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (!hidden[i]) {
                out.write(raw[i]);
            } else if (i == 0 || !hidden[i - 1]) {
                out.writeBytes(mask);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean matches(byte[] bytes, int at, byte[] target) {
        for (int k = 0; k < target.length; k++) {
            if (bytes[at + k] != target[k]) {
                return false;
            }
        }
        return true;
    }

    private static int hex(byte b) {
        return b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10 : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
    }

    /** Whether the UTF-8 text holds a percent-escape ({@code %} and two hex digits). */
    private static boolean hasPercentEscape(byte[] utf8, int offset, int end) {
        for (int i = offset; i + 2 < end; i++) {
            if (utf8[i] == '%' && hex(utf8[i + 1]) >= 0 && hex(utf8[i + 2]) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** A masker hiding what this one and {@code other} hide. */
    public SecretMasker and(SecretMasker other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Set<String> allForms = new LinkedHashSet<>(forms);
        allForms.addAll(other.forms);
        Set<String> allShort = new LinkedHashSet<>(shortSecrets);
        allShort.addAll(other.shortSecrets);
        return new SecretMasker(allForms, allShort);
    }

    /**
     * Whether a secret may appear in this UTF-8 text. When it returns false, {@link #mask} of the
     * decoded text returns it unchanged, so a caller holding bytes (a record line) can skip decoding
     * and masking: one pass over the bytes instead of a search per form.
     */
    public boolean mayAppearIn(byte[] utf8, int offset, int length) {
        int end = offset + length;
        for (byte[] value : shortValues) {
            if (value.length == length && startsWith(utf8, offset, value)) {
                return true; // the whole text is a short secret
            }
        }
        if (!percentTargets.isEmpty() && hasPercentEscape(utf8, offset, end)) {
            return true; // a secret may be percent-encoded in any of many ways: mask() decides
        }
        if (shifts != null) {
            return mayAppearSkipping(utf8, offset, end);
        }
        int pair = 0;
        for (int i = offset; i < end; i++) {
            int b = utf8[i] & 0xff;
            pair = (pair << 8 | b) & 0xffff;
            if ((probeSingles[b] || i > offset && probePairs[pair]) && probeEndsAt(utf8, offset, i, end)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The scan when every probe has {@link #MIN_SUBSTRING_LENGTH} bytes or more: it looks at the two
     * bytes ending a window of the shortest probe's length and moves by their shift, so most of a
     * record line's bytes are never read (the look at every byte was a quarter of a run's main thread).
     */
    private boolean mayAppearSkipping(byte[] utf8, int offset, int end) {
        for (int i = offset + window - 1; i < end; ) {
            int shift = shifts[(utf8[i - 1] & 0xff) << 8 | (utf8[i] & 0xff)];
            if (shift > 0) {
                i += shift;
                continue;
            }
            int start = i - window + 1;
            for (byte[] probe : probes) {
                if (probe.length <= end - start && startsWith(utf8, start, probe)) {
                    return true;
                }
            }
            i++;
        }
        return false;
    }

    /** Whether a probe starts at {@code i} or (for one of two bytes or more) at {@code i - 1}. */
    private boolean probeEndsAt(byte[] utf8, int offset, int i, int end) {
        for (byte[] probe : probes) {
            int at = probe.length == 1 ? i : i - 1;
            if (at >= offset && probe.length <= end - at && startsWith(utf8, at, probe)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] utf8, int at, byte[] probe) {
        for (int k = 0; k < probe.length; k++) {
            if (utf8[at + k] != probe[k]) {
                return false;
            }
        }
        return true;
    }

    /** Whether this masker hides anything. */
    public boolean isEmpty() {
        return forms.isEmpty() && shortSecrets.isEmpty();
    }
}
