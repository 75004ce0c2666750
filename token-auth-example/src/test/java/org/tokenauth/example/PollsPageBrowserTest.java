package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The walkthrough in a real headless browser: Debian's Chromium and chromedriver, both named by
 * path, so nothing is downloaded. Skipped (visibly) when they are missing, unless
 * TOKENAUTH_TEST_BROWSER_REQUIRED=true, which CI sets.
 *
 * <p>Takes the screenshot that README shows (docs/screenshots/polls.png) into the folder named by
 * tokenauth.test.screenshot.dir: target/screenshots unless README's refresh command says docs/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("the polls page in a real browser")
class PollsPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ExampleServer server;
    private Http http;
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    void start() throws Exception {
        boolean required = "true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_BROWSER_REQUIRED"))
                || "true".equalsIgnoreCase(System.getProperty("tokenauth.test.browser.required"));
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing = "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)";
            if (required) {
                fail(missing.replace("skipped", "required"));
            }
            abort(missing);
        }
        server = hashedTokens() ? TestServers.startHashed(TestDatabases.freshH2()) : TestServers.start(TestDatabases.freshH2());
        http = new Http(server.uri());

        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1200,1000", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()) // explicit: Selenium Manager never runs
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1200, 1000));
    }

    /** @return whether the example runs in hashed mode ({@code --hashed-tokens}); DRF mode here */
    boolean hashedTokens() {
        return false;
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @DisplayName("log in through the form, see the polls, vote, add a question, log out, land on the login form")
    void walkthrough() throws Exception {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);

        // No token: the polls page sends the browser to the login form.
        browser.get(http.uri("/polls/").toString());
        wait.until(ExpectedConditions.urlContains("/accounts/auth/"));

        // Bad credentials: a clear message, and still on the form.
        login("admin", "not the password");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error")));
        assertThat(error.getText()).isEqualTo("Unable to log in with provided credentials.");
        assertThat(browser.getCurrentUrl()).contains("/accounts/auth/");

        // Good credentials: the polls, with the demo questions.
        login(TestServers.ADMIN, TestServers.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.urlToBe(http.uri("/polls/").toString()));
        wait.until(d -> d.findElements(By.cssSelector("article.question")).size() >= 4);
        assertThat(browser.findElement(By.id("signed-in")).getText()).isEqualTo("Signed in as " + TestServers.ADMIN);
        String token = (String) ((JavascriptExecutor) browser).executeScript("return localStorage.getItem('tokenauth.token')");
        assertThat(token).matches(hashedTokens() ? "tka_[0-9A-Za-z]{36}" : "[0-9a-f]{40}");

        // Vote for the first choice of the first question: the count goes up, here and in the API.
        WebElement question = browser.findElements(By.cssSelector("article.question")).get(0);
        String questionId = question.getAttribute("data-question-id");
        WebElement choice = question.findElements(By.cssSelector("li.choice")).get(0);
        String choiceId = choice.getAttribute("data-choice-id");
        int before = votes(questionId, choiceId, token);
        choice.findElement(By.cssSelector("button.vote")).click();
        By voted = By.cssSelector("article[data-question-id='" + questionId + "'] li.choice.voted[data-choice-id='" + choiceId + "']");
        WebElement counted = wait.until(ExpectedConditions.visibilityOfElementLocated(voted));
        assertThat(counted.findElement(By.className("count")).getText()).startsWith((before + 1) + " vote");
        assertThat(votes(questionId, choiceId, token)).isEqualTo(before + 1);

        screenshot(hashedTokens() ? "polls-hashed.png" : "polls.png");

        // Add a question through the form.
        browser.findElement(By.id("question-text")).sendKeys("Which browser ran this test?");
        List<WebElement> choices = browser.findElements(By.cssSelector("#choice-inputs input"));
        choices.get(0).sendKeys("Chromium");
        choices.get(1).sendKeys("Something else");
        browser.findElement(By.id("add-question")).click();
        wait.until(ExpectedConditions.textToBe(By.id("flash"), "Question added."));
        assertThat(browser.findElements(By.cssSelector("article.question h2")))
                .anySatisfy(h -> assertThat(h.getText()).isEqualTo("Which browser ran this test?"));

        // Log out: back on the login form, the token forgotten here and revoked on the server.
        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/accounts/auth/"));
        wait.until(ExpectedConditions.textToBe(By.id("notice"), "You have been logged out."));
        assertThat(browser.findElement(By.id("login-form")).isDisplayed()).isTrue();
        assertThat(((JavascriptExecutor) browser).executeScript("return localStorage.getItem('tokenauth.token')")).isNull();
        Http.Response revoked = http.get("/polls/api/questions/", token);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body()).isEqualTo("{\"detail\":\"Invalid token.\"}");

        // And the polls page sends us back to the form again.
        browser.get(http.uri("/polls/").toString());
        wait.until(ExpectedConditions.urlContains("/accounts/auth/"));
    }

    private void login(String username, String password) {
        WebElement user = browser.findElement(By.id("username"));
        WebElement pass = browser.findElement(By.id("password"));
        user.clear();
        user.sendKeys(username);
        pass.clear();
        pass.sendKeys(password);
        browser.findElement(By.id("login-button")).click();
    }

    private int votes(String questionId, String choiceId, String token) {
        for (var choice : http.get("/polls/api/questions/" + questionId + "/", token).json().get("choices")) {
            if (choice.get("id").asText().equals(choiceId)) {
                return choice.get("votes").asInt();
            }
        }
        throw new AssertionError("no choice " + choiceId);
    }

    private void screenshot(String name) throws Exception {
        Path dir = Path.of(System.getProperty("tokenauth.test.screenshot.dir", "target/screenshots"));
        Files.createDirectories(dir);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
