package org.tokenauth.core;

import java.util.List;

/** {@link KeyMode#drf()}: keys stored as they are, as Django REST Framework stores them. */
record DrfKeys(TokenGenerator generator) implements KeyMode {

    static final DrfKeys DEFAULT = new DrfKeys(TokenGenerator.secureRandomHex());

    @Override
    public String newKey() {
        return generator.generate();
    }

    @Override
    public String lookupOf(String key) {
        return key;
    }

    @Override
    public List<String> lookupsOf(String presentedKey) {
        return List.of(presentedKey);
    }

    @Override
    public boolean storesKeys() {
        return true;
    }

    @Override
    public String toString() {
        return "KeyMode.drf";
    }
}
