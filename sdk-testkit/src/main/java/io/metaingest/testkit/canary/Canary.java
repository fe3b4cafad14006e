package io.metaingest.testkit.canary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canary secrets: the one password and the one token every connector test uses for its
 * secret settings (a database or API password, an API secret, an API token, OpenMetadata's
 * {@code jwtToken}). They appear in test inputs (workflow files, fixtures, the local servers'
 * expected credentials) and nowhere else: {@link CanaryScan} fails the build when one turns up in
 * a captured log, error, report or NDJSON output.
 *
 * <p>Letters, digits and dashes only, so URL- and JSON-encoding leave them as they are and a plain
 * search finds them; {@link #forms(String)} adds the Base64 forms (a Basic {@code Authorization}
 * header carries {@code base64(user:password)}).
 */
public final class Canary {

    /** The canary password: use it for every password and API secret in tests. */
    public static final String PASSWORD = "canaryPw-9f3Kq2-Zx81";

    /** The canary token: use it for every API token and JWT in tests. */
    public static final String TOKEN = "canaryTok-4Hs7Lm-Qe52";

    private Canary() {
    }

    /** Both canaries. */
    public static List<String> all() {
        return List.of(PASSWORD, TOKEN);
    }

    /**
     * The searchable forms of {@code secret}, each named: as is, and Base64 at each of the three
     * alignments it can have inside a longer Base64 text (e.g. after {@code user:} in a Basic
     * header), standard and URL-safe, without the characters the neighbouring bytes would change;
     * and the hex of its UTF-8 bytes in either case.
     */
    public static Map<String, String> forms(String secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put("as is", secret);
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            byte[] padded = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, padded, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
            // Characters that depend only on the secret's bytes: skip the group touching the prefix, and the last one.
            int start = offset == 0 ? 0 : 4;
            int end = ((offset + bytes.length) / 3) * 4;
            if (end - start >= 8) {
                String core = encoded.substring(start, end);
                forms.put("base64 (offset " + offset + ")", core);
                String urlSafe = core.replace('+', '-').replace('/', '_');
                if (!urlSafe.equals(core)) {
                    forms.put("base64url (offset " + offset + ")", urlSafe);
                }
            }
        }
        String hex = HexFormat.of().formatHex(bytes);
        forms.put("hex", hex);
        forms.put("HEX", hex.toUpperCase(Locale.ROOT));
        return forms;
    }

    /** The forms of every canary, named "password, base64 (offset 1)" and so on. */
    public static Map<String, String> allForms() {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(List.of("password", "token"));
        List<String> secrets = all();
        for (int i = 0; i < secrets.size(); i++) {
            String name = names.get(i);
            forms(secrets.get(i)).forEach((form, text) -> out.put(name + ", " + form, text));
        }
        return out;
    }
}
