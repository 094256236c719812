package dev.metering.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Debian Chromium (Selenium) on the portal, with the steps the portal's browser tests share: open a
 * page, sign in on the dev sign-in page, click and wait for the next page, read text, screenshot, download
 * with the session cookie.
 */
final class PortalBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target/portal-screenshots").toAbsolutePath();

    final WebDriver driver;
    private final String portal;

    PortalBrowser(String portal) throws IOException {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        assertThat(chromium).as("Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)")
                .exists();
        assertThat(chromedriver).as("chromedriver is needed: apt-get install -y chromium-driver").exists();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.getPath());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,900", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.portal = portal;
    }

    void open(String path) {
        driver.get(portal + path);
    }

    /** The dev sign-in page; {@code id} is the partner or distributor ("" for an operator). */
    void signIn(String role, String id) {
        driver.manage().deleteAllCookies();
        open("/sign-in");
        driver.findElement(By.cssSelector("input[name=role][value=" + role + "]")).click();
        if (!id.isEmpty()) {
            driver.findElement(By.id("sign-in-id")).sendKeys(id);
        }
        submit(By.id("sign-in"));
        assertThat(driver.getCurrentUrl()).doesNotContain("/sign-in");
        assertThat(text("#who")).isEqualTo(role + " " + (id.isEmpty() ? "operator" : id));
    }

    /** Clicks and waits until the next page has replaced this one. */
    void submit(By by) {
        WebElement old = driver.findElement(By.tagName("html"));
        driver.findElement(by).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                old.isEnabled();
                return false;
            } catch (WebDriverException gone) {
                return ((JavascriptExecutor) d).executeScript("return document.readyState").equals("complete");
            }
        });
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText().trim();
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A GET with the browser's session cookie, as a download from the page sends it. */
    HttpResponse<String> withSession(String url) throws Exception {
        Cookie session = driver.manage().getCookieNamed("metering_session");
        assertThat(session).as("signed in").isNotNull();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Cookie", "metering_session=" + session.getValue()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
