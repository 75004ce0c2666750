package org.tokenauth.example.accounts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Django's four default password validators, with their messages, applied in Django's order:
 * similarity to the username, minimum length 8, common passwords, entirely numeric. All failures
 * are reported together, as Django's {@code validate_password} reports them.
 *
 * <p>The common-password list is a short one (the most frequent passwords of public breach lists),
 * not Django's 20,000 entries: enough to refuse the passwords people actually try first.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 8;

    /** Django's {@code UserAttributeSimilarityValidator.DEFAULT_MAX_SIMILARITY}. */
    private static final double MAX_SIMILARITY = 0.7;

    private static final Pattern NON_WORD = Pattern.compile("\\W+", Pattern.UNICODE_CHARACTER_CLASS);

    private static final Set<String> COMMON = Set.of(
            "123456", "1234567", "12345", "1234", "111111", "123123", "654321", "666666", "121212", "000000",
            "qwerty", "abc123", "admin", "root", "letmein", "monkey", "dragon", "master", "shadow", "welcome",
            "iloveu", "secret", "login", "passwd", "pass", "test", "guest", "qwerty1", "killer", "hello",
            "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword",
            "12345678", "123456789", "1234567890", "0123456789", "87654321", "11111111", "00000000",
            "88888888", "12341234", "11223344", "12121212", "123123123", "147258369", "987654321",
            "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4",
            "1qaz2wsx", "zaq12wsx", "qazwsxedc", "asdfghjk", "asdfghjkl", "asdf1234", "abcd1234",
            "abc12345", "abcdefgh", "aaaaaaaa", "iloveyou", "iloveyou1", "sunshine", "football",
            "football1", "baseball", "baseball1", "princess", "superman", "starwars", "whatever",
            "computer", "internet", "trustno1", "letmein1", "welcome1", "welcome123", "changeme",
            "administrator", "admin123", "admin1234", "adminadmin", "test1234", "testtest",
            "secret123", "michelle", "jennifer", "liverpool", "chelsea1", "arsenal1", "mustang1",
            "shadow12", "master12", "dragon12", "monkey12", "pokemon1", "jordan23", "hunter12",
            "azerty123", "azertyuiop", "passwort", "motdepasse", "contraseña", "1234qwer",
            "letmeinplease", "freedom1", "whatever1", "everton1", "superman1", "batman123");

    private PasswordRules() {
    }

    /**
     * @param password the password, exactly as sent
     * @param username the username it would belong to
     * @return Django's messages for every rule the password breaks; empty if it is acceptable
     */
    static List<String> problems(String password, String username) {
        List<String> problems = new ArrayList<>();
        if (tooSimilar(password, username)) {
            problems.add("The password is too similar to the username.");
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            problems.add("This password is too short. It must contain at least " + MIN_LENGTH + " characters.");
        }
        if (COMMON.contains(password.toLowerCase(Locale.ROOT).strip())) {
            problems.add("This password is too common.");
        }
        if (!password.isEmpty() && password.chars().allMatch(Character::isDigit)) {
            problems.add("This password is entirely numeric.");
        }
        return problems;
    }

    /** Django's check: the password against the username and each of its words, by quick ratio. */
    private static boolean tooSimilar(String password, String username) {
        if (username.isEmpty()) {
            return false;
        }
        String lowerPassword = password.toLowerCase(Locale.ROOT);
        String lowerUsername = username.toLowerCase(Locale.ROOT);
        List<String> parts = new ArrayList<>(List.of(NON_WORD.split(lowerUsername)));
        parts.add(lowerUsername);
        for (String part : parts) {
            if (part.isEmpty() || exceedsMaximumLengthRatio(lowerPassword, part)) {
                continue;
            }
            if (quickRatio(lowerPassword, part) >= MAX_SIMILARITY) {
                return true;
            }
        }
        return false;
    }

    /** Django skips a value far shorter than the password: it cannot make the password weak. */
    private static boolean exceedsMaximumLengthRatio(String password, String value) {
        int passwordLength = password.length();
        double lengthBound = MAX_SIMILARITY / 2 * passwordLength;
        return passwordLength >= 10 * value.length() && value.length() < lengthBound;
    }

    /** Python's {@code difflib.SequenceMatcher.quick_ratio()}: shared characters, counted as multisets. */
    private static double quickRatio(String a, String b) {
        Map<Integer, Integer> available = new HashMap<>();
        b.codePoints().forEach(c -> available.merge(c, 1, Integer::sum));
        int matches = 0;
        for (int c : a.codePoints().toArray()) {
            int left = available.getOrDefault(c, 0);
            if (left > 0) {
                available.put(c, left - 1);
                matches++;
            }
        }
        int total = a.codePointCount(0, a.length()) + b.codePointCount(0, b.length());
        return total == 0 ? 1.0 : 2.0 * matches / total;
    }
}
