package org.tokenauth.core.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A JPA-managed user of the test application's existing {@code users} table. */
@Entity
@Table(name = "users")
public class AppUser implements TokenOwner {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String username;

    private boolean active = true;

    protected AppUser() {
    }

    AppUser(String username) {
        this.username = username;
    }

    Long id() {
        return id;
    }

    String username() {
        return username;
    }

    @Override
    public String tokenUserId() {
        return id.toString();
    }
}
