package org.tokenauth.core;

/** Small helpers for handling secret keys safely. */
final class Keys {

    private static final int FINGERPRINT_LENGTH = 6;

    private Keys() {
    }

    /** The first characters of a key and an ellipsis: enough to tell tokens apart in a log. */
    static String fingerprint(String key) {
        int end = Math.min(FINGERPRINT_LENGTH, key.length());
        if (end < key.length() && Character.isHighSurrogate(key.charAt(end - 1))) {
            end--;
        }
        return key.substring(0, end) + "…";
    }
}
