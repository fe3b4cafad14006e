package io.metaingest.connectors.postgres;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises one value as a kind of personal data, with the checks that tell real identifiers from
 * look-alikes: the Luhn checksum and issuer prefixes of card numbers, the ISO 13616 mod-97 check of
 * IBANs, the SSA's rules for SSNs (no area 000, 666 or 9xx, no group 00, no serial 0000), octet
 * ranges of IPv4 addresses. Person names are judged per column (see {@link PiiClassifier}) from
 * their shape and the shipped {@link PersonNames}.
 */
final class PiiValues {

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern SSN = Pattern.compile("(\\d{3})[- ](\\d{2})[- ](\\d{4})");
    private static final Pattern PHONE = Pattern.compile("\\+?\\(?[0-9][0-9 ().-]{6,22}[0-9]");
    private static final Pattern PHONE_GROUPS = Pattern.compile(
            "\\+\\d.*|\\(\\d{3}\\) ?\\d{3}[-. ]\\d{4}|\\d{3}[-. ]\\d{3}[-. ]\\d{4}|\\d{3,4}[-. ]\\d{3,4}[-. ]\\d{3,4}");
    private static final Pattern CARD = Pattern.compile("\\d{13,19}");
    private static final Pattern IBAN = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]{0,4}(:[0-9A-Fa-f]{0,4}){2,7}");
    private static final Pattern NAME_TOKEN = Pattern.compile("[A-Z][a-z]+(['-][A-Z]?[a-z]+)?\\.?|[A-Z]\\.");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    private final PersonNames names;

    PiiValues(PersonNames names) {
        this.names = names;
    }

    /** The kind {@code value} is, if any. */
    Optional<PiiKind> kindOf(String value) {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 100) {
            return Optional.empty();
        }
        if (EMAIL.matcher(v).matches()) {
            return Optional.of(PiiKind.EMAIL);
        }
        if (isSsn(v)) {
            return Optional.of(PiiKind.NATIONAL_ID);
        }
        String compact = v.replace(" ", "").replace("-", "");
        if (isCard(compact)) {
            return Optional.of(PiiKind.CREDIT_CARD);
        }
        if (isIban(compact.toUpperCase(Locale.ROOT))) {
            return Optional.of(PiiKind.IBAN);
        }
        if (isIp(v)) {
            return Optional.of(PiiKind.IP_ADDRESS);
        }
        if (isPhone(v)) {
            return Optional.of(PiiKind.PHONE);
        }
        return Optional.empty();
    }

    private static boolean isSsn(String v) {
        var m = SSN.matcher(v);
        if (!m.matches()) {
            return false;
        }
        int area = Integer.parseInt(m.group(1));
        return area != 0 && area != 666 && area < 900 && !m.group(2).equals("00") && !m.group(3).equals("0000");
    }

    /** 13 to 19 digits of a known issuer that pass the Luhn check. */
    static boolean isCard(String digits) {
        if (!CARD.matcher(digits).matches() || !knownIssuer(digits)) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** Visa, Mastercard, American Express, Discover, JCB, Diners Club. */
    private static boolean knownIssuer(String d) {
        int two = Integer.parseInt(d.substring(0, 2));
        int four = Integer.parseInt(d.substring(0, 4));
        return d.charAt(0) == '4' || (two >= 51 && two <= 55) || (four >= 2221 && four <= 2720) || two == 34 || two == 37
                || d.startsWith("6011") || two == 65 || two == 35 || two == 36 || two == 38;
    }

    /** ISO 13616: the country and check digits moved to the end, letters as 10..35, the number mod 97 is 1. */
    static boolean isIban(String iban) {
        if (!IBAN.matcher(iban).matches()) {
            return false;
        }
        String moved = iban.substring(4) + iban.substring(0, 4);
        StringBuilder digits = new StringBuilder();
        for (char ch : moved.toCharArray()) {
            digits.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
        }
        return new BigInteger(digits.toString()).mod(NINETY_SEVEN).intValue() == 1;
    }

    private static boolean isIp(String v) {
        var m = IPV4.matcher(v);
        if (m.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return false;
                }
            }
            return true;
        }
        // IPv6: eight groups, or fewer with one "::" (so that times such as 12:30:45 are not addresses).
        long colons = v.chars().filter(ch -> ch == ':').count();
        return IPV6.matcher(v).matches() && (colons == 7 || v.contains("::")) && v.length() > 2;
    }

    /** 10 to 15 digits written as a phone number is: with a + prefix or grouped as numbers are dialled. */
    private static boolean isPhone(String v) {
        if (!PHONE.matcher(v).matches() || !PHONE_GROUPS.matcher(v).matches()) {
            return false;
        }
        long digits = v.chars().filter(Character::isDigit).count();
        return digits >= 10 && digits <= 15;
    }

    /** One to four capitalised words (initials allowed), or "Family, Given": how person names are written. */
    static boolean nameShaped(String value) {
        return tokens(value) != null;
    }

    /** A name-shaped value with a word that is a given or family name of the shipped lists. */
    boolean knownName(String value) {
        String[] tokens = tokens(value);
        if (tokens == null) {
            return false;
        }
        for (String t : tokens) {
            if (names.isGiven(t) || names.isFamily(t)) {
                return true;
            }
        }
        return false;
    }

    private static String[] tokens(String value) {
        String v = value.strip();
        if (v.contains(",")) {
            String[] parts = v.split(",\\s*", 2);
            v = parts.length == 2 ? parts[1] + " " + parts[0] : v;
        }
        String[] tokens = v.split("\\s+");
        if (v.isEmpty() || tokens.length > 4) {
            return null;
        }
        for (String t : tokens) {
            if (!NAME_TOKEN.matcher(t).matches()) {
                return null;
            }
        }
        return tokens;
    }
}
