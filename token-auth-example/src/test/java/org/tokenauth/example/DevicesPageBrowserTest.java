package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The "Devices &amp; tokens" page ({@code /accounts/devices/}) in real browsers: in hashed mode,
 * two browsers are two devices of one user; in DRF mode, the one token and no create form.
 * Takes the screenshot README shows (docs/screenshots/devices.png).
 */
@DisplayName("the devices page in a real browser")
class DevicesPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final By ROWS = By.cssSelector("table.tokens tbody tr");

    @Test
    @DisplayName("hashed mode: device A revokes device B, B's next call is refused and its page logs out; a named token is shown once and works")
    void hashedModeRevokesAnotherDeviceAndCreatesANamedToken() throws Exception {
        try (ExampleServer server = TestServers.startHashed(TestDatabases.freshH2());
                Chromium a = Chromium.start();
                Chromium b = Chromium.start()) {
            Http http = new Http(server.uri());
            String keyA = login(a.driver, http);
            String keyB = login(b.driver, http);
            String script = http.login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD); // a third device: an API client

            // A follows the polls page's link: three tokens, A's own marked and not revocable here.
            a.driver.findElement(By.id("devices")).click();
            WebDriverWait waitA = new WebDriverWait(a.driver, WAIT);
            waitA.until(ExpectedConditions.urlToBe(http.uri("/accounts/devices/").toString()));
            waitA.until(d -> d.findElements(ROWS).size() == 3);
            assertThat(a.driver.findElements(By.cssSelector("tr.current"))).hasSize(1);
            assertThat(a.driver.findElement(By.cssSelector("tr.current .badge")).getText()).isEqualTo("This browser");
            assertThat(a.driver.findElements(By.cssSelector("tr.current button.revoke"))).isEmpty();
            assertThat(a.driver.findElement(By.id("drf-mode")).isDisplayed()).isFalse();
            assertThat(a.driver.findElement(By.id("create")).isDisplayed()).isTrue();

            // A creates a named read-only token: the key is shown once, in a copyable field.
            a.driver.findElement(By.id("token-name")).sendKeys("backup script");
            assertThat(a.driver.findElement(By.cssSelector("input[value='polls:read']")).isSelected()).isTrue();
            a.driver.findElement(By.id("create-button")).click();
            WebElement keyField = waitA.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-token-key")));
            String named = keyField.getAttribute("value");
            assertThat(named).matches("tka_[0-9A-Za-z]{36}");
            waitA.until(d -> d.findElements(ROWS).size() == 4);
            WebElement namedRow = rowNamed(a.driver, "backup script");
            assertThat(namedRow.findElements(By.cssSelector("code.scope")))
                    .extracting(WebElement::getText).containsExactly("polls:read");
            assertThat(namedRow.getText()).doesNotContain(named);
            a.driver.findElement(By.id("copy-token")).click();
            waitA.until(d -> !d.findElement(By.id("copy-status")).getText().isEmpty());
            assertThat(http.get("/polls/api/questions/", named).status()).isEqualTo(200);

            a.driver.manage().window().setSize(new Dimension(1200, 1370));
            ((JavascriptExecutor) a.driver).executeScript("window.scrollTo(0, 0)");
            a.screenshot("devices.png");
            a.driver.manage().window().setSize(new Dimension(1200, 1000));

            // Dismissed, or the page reloaded: the key is nowhere on the page any more.
            a.driver.findElement(By.id("dismiss-token")).click();
            assertThat(keyField.isDisplayed()).isFalse();
            a.driver.navigate().refresh();
            waitA.until(d -> d.findElements(ROWS).size() == 4);
            assertThat(a.driver.getPageSource()).doesNotContain(named);

            // B's id is the one B's own page marks as current; A revokes that row.
            b.driver.get(http.uri("/accounts/devices/").toString());
            WebDriverWait waitB = new WebDriverWait(b.driver, WAIT);
            String idB = waitB.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.current")))
                    .getAttribute("data-token-id");
            a.driver.findElement(By.cssSelector("tr[data-token-id='" + idB + "'] button.revoke")).click();
            waitA.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Revoked"));
            waitA.until(d -> d.findElements(ROWS).size() == 3);
            assertThat(a.driver.findElements(By.cssSelector("tr[data-token-id='" + idB + "']"))).isEmpty();

            // B's next API call is refused, and B's page goes to the login form saying why.
            Http.Response refused = http.get("/polls/api/questions/", keyB);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"Invalid token.\"}");
            b.driver.get(http.uri("/polls/").toString());
            waitB.until(ExpectedConditions.urlContains("/accounts/auth/"));
            waitB.until(ExpectedConditions.textToBe(By.id("notice"), "Your token is no longer valid. Please log in again."));
            assertThat(((JavascriptExecutor) b.driver).executeScript("return localStorage.getItem('tokenauth.token')")).isNull();

            // "Sign out other devices": every token but A's, by id; A stays signed in.
            a.driver.findElement(By.id("revoke-others")).click();
            waitA.until(ExpectedConditions.textToBe(By.id("flash"), "Signed out 2 other devices."));
            waitA.until(d -> d.findElements(ROWS).size() == 1);
            assertThat(a.driver.findElement(By.id("revoke-others")).isDisplayed()).isFalse();
            assertThat(http.get("/polls/api/questions/", script).status()).isEqualTo(401);
            assertThat(http.get("/polls/api/questions/", named).status()).isEqualTo(401);
            assertThat(http.get("/polls/api/questions/", keyA).status()).isEqualTo(200);

            assertThat(a.console()).noneMatch(line -> line.contains("Content Security Policy"));
        }
    }

    @Test
    @DisplayName("DRF mode: one row, this browser's, a plain note, and no create form")
    void drfModeShowsTheOneTokenAndNoCreateForm() throws Exception {
        try (ExampleServer server = TestServers.start(TestDatabases.freshH2()); Chromium browser = Chromium.start()) {
            Http http = new Http(server.uri());
            login(browser.driver, http);
            browser.driver.get(http.uri("/accounts/devices/").toString());
            WebDriverWait wait = new WebDriverWait(browser.driver, WAIT);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("drf-mode")));
            List<WebElement> rows = wait.until(d -> {
                List<WebElement> found = d.findElements(ROWS);
                return found.isEmpty() ? null : found;
            });
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getAttribute("class")).contains("current");
            assertThat(browser.driver.findElement(By.id("drf-mode")).getText()).contains("one token per user");
            assertThat(browser.driver.findElement(By.id("create")).isDisplayed()).isFalse();
            assertThat(browser.driver.findElement(By.id("revoke-others")).isDisplayed()).isFalse();
            assertThat(browser.console()).noneMatch(line -> line.contains("Content Security Policy"));
        }
    }

    /** Logs in through the login form; returns the key the page keeps. */
    private static String login(WebDriver driver, Http http) {
        driver.get(http.uri("/accounts/auth/").toString());
        driver.findElement(By.id("username")).sendKeys(TestServers.ADMIN);
        driver.findElement(By.id("password")).sendKeys(TestServers.ADMIN_PASSWORD);
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlToBe(http.uri("/polls/").toString()));
        return (String) ((JavascriptExecutor) driver).executeScript("return localStorage.getItem('tokenauth.token')");
    }

    private static WebElement rowNamed(WebDriver driver, String name) {
        return driver.findElements(ROWS).stream()
                .filter(row -> row.findElement(By.className("token-name")).getText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no row named " + name));
    }
}
