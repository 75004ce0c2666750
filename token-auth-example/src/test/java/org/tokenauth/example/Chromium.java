package org.tokenauth.example;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * One headless Debian Chromium, driven through Debian's chromedriver (both named by path: nothing
 * is downloaded), with a profile of its own, so two of them are two devices. Skipped (visibly) when
 * either is missing, unless TOKENAUTH_TEST_BROWSER_REQUIRED=true.
 */
final class Chromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser, or aborts the test (fails it, when a browser is required) if there is none. */
    static Chromium start() throws IOException {
        boolean required = "true".equalsIgnoreCase(System.getenv("TOKENAUTH_TEST_BROWSER_REQUIRED"))
                || "true".equalsIgnoreCase(System.getProperty("tokenauth.test.browser.required"));
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            String missing = "browser test skipped: " + BINARY + " or " + DRIVER
                    + " is missing (apt-get install chromium chromium-driver)";
            if (required) {
                fail(missing.replace("skipped", "required"));
            }
            abort(missing);
        }
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1200,1000", "--lang=en-GB");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, Level.ALL.getName()));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1200, 1000));
        return new Chromium(driver, profile);
    }

    /** @return the console's messages since the last call: a CSP violation shows up here */
    List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    /** Saves a PNG of the window into tokenauth.test.screenshot.dir (target/screenshots by default). */
    void screenshot(String name) throws IOException {
        Path dir = Path.of(System.getProperty("tokenauth.test.screenshot.dir", "target/screenshots"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
