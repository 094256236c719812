package dev.metering.launcher;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.testsupport.Waits;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium on the portal and the seeding steps of the portal's browser tests: Debian's
 * {@code chromium} and {@code chromium-driver} driven by Selenium; sign-in on the dev page, clicks that wait for
 * the next page, screenshots under {@code target/portal-screenshots/}; customers, ingest keys and heartbeats
 * through the public APIs. One instance for the whole test run: {@link SharedPortal} starts it for the first browser
 * test class and closes it (the browser, then the platform) when the run ends.
 */
final class PortalBrowser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target/portal-screenshots").toAbsolutePath();

    final LocalPlatform platform;
    final String portal;
    final WebDriver browser;

    private PortalBrowser(LocalPlatform platform, WebDriver browser) {
        this.platform = platform;
        this.portal = platform.url("partner-portal");
        this.browser = browser;
    }

    /**
     * Starts the platform as {@code bin/platform} runs it (free ports, a run directory under {@code target/}) and
     * opens the browser on its portal; the platform's progress goes to {@code progress}.
     */
    static PortalBrowser start(OutputStream progress) throws IOException {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path runDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "portal-");
        LocalPlatform platform = LocalPlatform.start(new LocalPlatform.Options(project, runDir, 0, true,
                new PrintStream(progress, true), Demo.platformEnv()));
        try {
            return open(platform);
        } catch (IOException | RuntimeException | Error e) {
            platform.close();
            throw e;
        }
    }

    /** Opens the browser on a started platform's portal. */
    private static PortalBrowser open(LocalPlatform platform) throws IOException {
        File chromium = new File("/usr/bin/chromium");
        File driver = new File("/usr/bin/chromedriver");
        assertThat(chromium).as("Chromium is needed: apt-get install -y chromium chromium-driver (.ci/run does)")
                .exists();
        assertThat(driver).as("chromedriver is needed: apt-get install -y chromium-driver (.ci/run does)").exists();
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.getPath());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1500,900", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        return new PortalBrowser(platform, new ChromeDriver(service, options));
    }

    /** Quits the browser and stops the platform. */
    @Override
    public void close() {
        try {
            browser.quit();
        } finally {
            platform.close();
        }
    }

    // ---------------------------------------------------------------- the browser

    void get(String path) {
        browser.get(portal + path);
    }

    /** The dev sign-in page; {@code id} is the partner or distributor ("" for an operator). */
    void signIn(String role, String id) {
        browser.manage().deleteAllCookies();
        get("/sign-in");
        browser.findElement(By.cssSelector("input[name=role][value=" + role + "]")).click();
        if (!id.isEmpty()) {
            browser.findElement(By.id("sign-in-id")).sendKeys(id);
        }
        click(By.id("sign-in"));
        assertThat(browser.getCurrentUrl()).doesNotContain("/sign-in");
        assertThat(text("#who")).isEqualTo(role + " " + (id.isEmpty() ? "operator" : id));
    }

    void signOut() {
        click(By.id("sign-out"));
        assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
        assertThat(browser.manage().getCookieNamed("metering_session")).as("the session cookie is gone").isNull();
    }

    /** Clicks and waits for the next page to load. */
    void click(By by) {
        WebElement old = browser.findElement(By.tagName("html"));
        browser.findElement(by).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> {
            try {
                old.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) { // stale: the next page replaced it
                return script("return document.readyState").equals("complete");
            }
        });
    }

    String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().trim();
    }

    Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    @SuppressWarnings("unchecked")
    List<String> strings(String js) {
        return (List<String>) script(js);
    }

    /** A GET with the browser's session cookie, as a download from the page sends it. */
    java.net.http.HttpResponse<String> withSession(String url) throws Exception {
        org.openqa.selenium.Cookie session = browser.manage().getCookieNamed("metering_session");
        assertThat(session).as("signed in").isNotNull();
        assertThat(session.isHttpOnly()).as("HttpOnly").isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url)).header("Cookie", "metering_session=" + session.getValue()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- seeding through the APIs

    Response post(String service, String path, String token, Object body, int status) {
        var spec = given().baseUri(platform.url(service)).auth().oauth2(token).contentType(ContentType.JSON);
        if (body != null) {
            spec.body(body);
        }
        Response r = spec.post(path);
        assertThat(r.statusCode()).as("POST " + path + ": " + r.asString()).isEqualTo(status);
        return r;
    }

    String createCustomer(String token, String name, String billingType) {
        return post("customer-service", "/v1/customers", token,
                Map.of("name", name, "dataGeography", "DE", "billingType", billingType), 201).path("id");
    }

    String ingestKey(String token, String customerId) {
        return post("customer-service", "/v1/customers/" + customerId + "/ingest-keys", token, null, 201).path("key");
    }

    static Map<String, Object> device(String id, String kind, List<String> products, String user, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "device-heartbeat");
        m.put("eventId", id + "@" + at);
        m.put("deviceId", id);
        m.put("deviceKind", kind);
        m.put("products", products);
        if (user != null) {
            m.put("userId", user);
        }
        m.put("occurredAt", at.toString());
        return m;
    }

    /** R19: the device was uninstalled at {@code at}. */
    static Map<String, Object> removal(String id, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "device-removed");
        m.put("eventId", id + "-removed@" + at);
        m.put("deviceId", id);
        m.put("reason", "UNINSTALLED");
        m.put("occurredAt", at.toString());
        return m;
    }

    /** Posts a batch through the edge; retries while ingest has not yet consumed the key (401). */
    void ingest(String key, List<Map<String, Object>> items) {
        Response r = untilKeyKnown(() -> given().baseUri(portal).header("X-Ingest-Key", key)
                .contentType(ContentType.JSON).body(items).post("/v1/heartbeats"));
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getInt("accepted")).isEqualTo(items.size());
    }

    /** The answer of the first post that is not a 401 (ingest not yet holding a new key), polled for 60 s. */
    static Response untilKeyKnown(java.util.function.Supplier<Response> post) {
        Response[] last = new Response[1];
        Waits.await("ingest knows the new ingest key").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> (last[0] = post.get()).statusCode() != 401);
        return last[0];
    }

    static void await(String what, BooleanSupplier condition) {
        Waits.await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(condition::getAsBoolean);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
