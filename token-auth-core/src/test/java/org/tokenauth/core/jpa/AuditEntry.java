package org.tokenauth.core.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;

/** An entity that owns no token: inserting it must issue nothing. */
@Entity
public class AuditEntry {

    @Id
    @GeneratedValue
    private Long id;

    private String message;

    protected AuditEntry() {
    }

    AuditEntry(String message) {
        this.message = message;
    }

    @Override
    public String toString() {
        return "AuditEntry[" + id + ", " + message + "]";
    }
}
