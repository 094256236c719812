package dev.metering.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.metering.contracts.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs here, so docker-compose.yml and deploy/k8s/ cannot be started: this test parses them
 * and checks every service, port, probe and environment variable against the services' real configuration,
 * so the files cannot silently rot when the code changes.
 */
class DeployFilesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final List<String> SERVICES = List.of("telemetry-ingest", "customer-service", "license-service",
            "billing-service", "psa-connector");
    /** ${NAME} or ${NAME:default} in a properties value. */
    static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");

    static Stream<String> services() {
        return SERVICES.stream();
    }

    record ServiceConfig(int port, Set<String> knownVars, Set<String> requiredVars) {
    }

    static ServiceConfig config(String service) throws IOException {
        Set<String> known = new HashSet<>();
        Set<String> required = new HashSet<>();
        Properties app = load(ROOT.resolve(service).resolve("src/main/resources/application.properties"));
        Properties shared = load(ROOT.resolve("platform/src/main/resources/META-INF/microprofile-config.properties"));
        for (Properties props : List.of(app, shared)) {
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith("%")) {
                    continue; // profile-specific (dev/test) keys are not read in containers
                }
                Matcher m = ENV_REF.matcher(props.getProperty(key));
                while (m.find()) {
                    known.add(m.group(1));
                    if (m.group(2) == null) {
                        required.add(m.group(1));
                    }
                }
            }
        }
        Matcher port = ENV_REF.matcher(app.getProperty("quarkus.http.port"));
        assertThat(port.find()).as(service + " quarkus.http.port is ${HTTP_PORT:<port>}").isTrue();
        return new ServiceConfig(Integer.parseInt(port.group(2).substring(1)), known, required);
    }

    /** Environment variables a container may set: referenced ones, or ones mapping to a MicroProfile property. */
    static boolean understood(String var, ServiceConfig config) {
        return config.knownVars().contains(var) || var.startsWith("QUARKUS_") || var.startsWith("MP_JWT_")
                || var.startsWith("JAVA_");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> compose() throws IOException {
        try (Reader r = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            return (Map<String, Object>) new Yaml(new LoaderOptions()).load(r);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> k8s(String file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(ROOT.resolve("deploy/k8s").resolve(file))) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(r)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    static Map<String, Object> kind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void composeRunsEveryServiceOnItsPortWithKnownEnvironment(String service) throws IOException {
        ServiceConfig config = config(service);
        Map<String, Object> svc = map(map(compose().get("services")).get(service));
        assertThat(svc).as(service + " in docker-compose.yml").isNotNull();

        Map<String, Object> env = map(svc.get("environment"));
        for (String var : env.keySet()) {
            assertThat(understood(var, config)).as(service + " compose env " + var + " is read by the service").isTrue();
        }
        assertThat(env.keySet()).as(service + " compose env sets every required variable")
                .containsAll(config.requiredVars());
        assertThat(String.valueOf(env.get("HTTP_PORT"))).isEqualTo(String.valueOf(config.port()));
        assertThat(list(svc.get("ports"))).contains(config.port() + ":" + config.port());
        assertThat(String.valueOf(map(svc.get("healthcheck")).get("test")))
                .contains("localhost:" + config.port() + "/q/health/ready");
        assertThat(map(svc.get("build")).get("dockerfile")).isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm")).exists();
        assertThat(map(svc.get("depends_on")).keySet()).contains("kafka", "postgres");
    }

    @Test
    void composeHasTheInfrastructureAndOneDatabasePerService() throws IOException {
        Map<String, Object> services = map(compose().get("services"));
        assertThat(services.keySet()).containsAll(SERVICES).contains("kafka", "postgres");
        String initSql = Files.readString(ROOT.resolve("deploy/compose/create-databases.sql"));
        Set<String> dbNames = new HashSet<>();
        for (String service : SERVICES) {
            Object db = map(map(services.get(service)).get("environment")).get("DB_NAME");
            assertThat(initSql).contains("CREATE DATABASE " + db + ";");
            dbNames.add(String.valueOf(db));
        }
        assertThat(dbNames).as("each service has its own database").hasSize(SERVICES.size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void kubernetesManifestsMatchTheServicesConfig(String service) throws IOException {
        ServiceConfig config = config(service);
        List<Map<String, Object>> docs = k8s(service + ".yaml");

        Map<String, Object> configMap = map(kind(docs, "ConfigMap").get("data"));
        Map<String, Object> deployment = kind(docs, "Deployment");
        Map<String, Object> container = map(list(map(map(map(deployment.get("spec")).get("template")).get("spec"))
                .get("containers")).get(0));
        Set<String> envNames = new HashSet<>(configMap.keySet());
        for (Object e : list(container.getOrDefault("env", List.of()))) {
            envNames.add(String.valueOf(map(e).get("name")));
        }
        for (String var : envNames) {
            assertThat(understood(var, config)).as(service + " k8s env " + var + " is read by the service").isTrue();
        }
        assertThat(envNames).as(service + " k8s sets every required variable").containsAll(config.requiredVars());
        assertThat(String.valueOf(configMap.get("HTTP_PORT"))).isEqualTo(String.valueOf(config.port()));

        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertThat(port.get("containerPort")).isEqualTo(config.port());
        assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/ready");
        assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/live");
        Map<String, Object> resources = map(container.get("resources"));
        assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"))).containsKeys("cpu", "memory");

        Map<String, Object> svc = kind(docs, "Service");
        Map<String, Object> svcPort = map(list(map(svc.get("spec")).get("ports")).get(0));
        assertThat(svcPort.get("port")).isEqualTo(config.port());
        assertThat(svcPort.get("targetPort")).isEqualTo(port.get("name"));
    }

    @Test
    void billingScalesByPartitionsAsShipped() throws IOException {
        // the customer-keyed topics are co-partitioned, and the HPA never exceeds their partition count
        Map<String, Integer> partitions = new java.util.TreeMap<>();
        for (Map<String, Object> doc : k8s("kafka.yaml")) {
            if ("KafkaTopic".equals(doc.get("kind"))) {
                Map<String, Object> spec = map(doc.get("spec"));
                Object name = spec.getOrDefault("topicName", map(doc.get("metadata")).get("name"));
                partitions.put(String.valueOf(name), (Integer) spec.get("partitions"));
            }
        }
        List<Integer> keyed = List.of("telemetry.heartbeats", "customers.events", "licenses.events").stream()
                .map(partitions::get).toList();
        assertThat(keyed).as("partitions of the three customer-keyed topics " + partitions).doesNotContainNull()
                .containsOnly(keyed.get(0));
        List<Map<String, Object>> billing = k8s("billing-service.yaml");
        Map<String, Object> hpa = map(kind(billing, "HorizontalPodAutoscaler").get("spec"));
        assertThat((Integer) hpa.get("maxReplicas")).isLessThanOrEqualTo(keyed.get(0));
        assertThat((Integer) hpa.get("minReplicas")).isGreaterThanOrEqualTo(2);
        assertThat(map(kind(billing, "PodDisruptionBudget").get("spec")).get("maxUnavailable")).isEqualTo(1);
        assertThat(Files.readString(ROOT.resolve("deploy/k8s/billing-service.yaml")))
                .contains("key: billing-cluster-secret");

        // compose runs two instances: one database, distinct advertised URLs, the same cluster secret
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Object> one = map(map(services.get("billing-service")).get("environment"));
        Map<String, Object> two = map(map(services.get("billing-service-2")).get("environment"));
        assertThat(two.get("DB_NAME")).isEqualTo(one.get("DB_NAME"));
        assertThat(two.get("BILLING_CLUSTER_SECRET")).isNotNull().isEqualTo(one.get("BILLING_CLUSTER_SECRET"));
        assertThat(two.get("BILLING_ADVERTISED_URL")).isNotEqualTo(one.get("BILLING_ADVERTISED_URL"));
    }

    @Test
    void secretsReferencedByDeploymentsAreDeclaredInTheExample() throws IOException {
        Set<String> declared = map(k8s("secrets.example.yaml").get(0).get("stringData")).keySet();
        Pattern key = Pattern.compile("key: ([a-z0-9.-]+)");
        for (String service : SERVICES) {
            String text = Files.readString(ROOT.resolve("deploy/k8s").resolve(service + ".yaml"));
            Matcher m = key.matcher(text);
            List<String> keys = new ArrayList<>();
            while (m.find()) {
                keys.add(m.group(1));
            }
            assertThat(keys).as(service + " references secret keys").isNotEmpty();
            assertThat(declared).containsAll(keys);
        }
    }

    @Test
    void kafkaIsAStrimziClusterWithEveryPlatformTopic() throws IOException {
        List<Map<String, Object>> docs = k8s("kafka.yaml");
        assertThat(kind(docs, "Kafka").get("apiVersion")).asString().startsWith("kafka.strimzi.io/");
        Map<String, Object> topics = new HashMap<>();
        docs.stream().filter(d -> "KafkaTopic".equals(d.get("kind")))
                .forEach(d -> topics.put(String.valueOf(map(d.get("metadata")).get("name")), d));
        assertThat(topics.keySet()).containsAll(Topics.fixedTopics());
        long heartbeatRetention = Long.parseLong(String.valueOf(
                map(map(map(topics.get(Topics.TELEMETRY_HEARTBEATS)).get("spec")).get("config")).get("retention.ms")));
        assertThat(heartbeatRetention).as("R16/R28: heartbeats kept >= 35 days")
                .isGreaterThanOrEqualTo(35L * 24 * 3600 * 1000);
    }

    /** The services the portal's pages and edge reach: every service. */
    static final List<String> PORTAL_ROUTES_TO = SERVICES;

    /** The partner portal: no database, the four services' URLs by their compose / k8s service names. */
    @Test
    void thePortalRunsInComposeAndKubernetesAndReachesEveryServiceByName() throws IOException {
        ServiceConfig config = config("partner-portal");
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Object> svc = map(services.get("partner-portal"));
        Map<String, Object> env = map(svc.get("environment"));
        for (String var : env.keySet()) {
            assertThat(understood(var, config)).as("partner-portal compose env " + var + " is read").isTrue();
        }
        assertThat(String.valueOf(env.get("HTTP_PORT"))).isEqualTo(String.valueOf(config.port()));
        assertThat(list(svc.get("ports"))).contains(config.port() + ":" + config.port());
        assertThat(String.valueOf(map(svc.get("healthcheck")).get("test")))
                .contains("localhost:" + config.port() + "/q/health/ready");
        assertThat(ROOT.resolve("partner-portal/src/main/docker/Dockerfile.jvm")).exists();
        assertThat(map(svc.get("depends_on")).keySet()).containsAll(PORTAL_ROUTES_TO);

        List<Map<String, Object>> docs = k8s("partner-portal.yaml");
        Map<String, Object> configMap = map(kind(docs, "ConfigMap").get("data"));
        for (String var : configMap.keySet()) {
            assertThat(understood(var, config)).as("partner-portal k8s env " + var + " is read").isTrue();
        }
        assertThat(configMap).as("production: no dev sign-in").doesNotContainKey("PORTAL_DEV_SIGNING_KEY");
        for (String service : PORTAL_ROUTES_TO) {
            String var = service.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_URL";
            String url = "http://" + service + ":" + config(service).port();
            assertThat(config.knownVars()).as("the portal reads " + var).contains(var);
            assertThat(env.get(var)).as("compose " + var).isEqualTo(url);
            assertThat(configMap.get(var)).as("k8s " + var).isEqualTo(url);
        }
        Map<String, Object> container = map(list(map(map(map(kind(docs, "Deployment").get("spec")).get("template"))
                .get("spec")).get("containers")).get(0));
        assertThat(map(list(container.get("ports")).get(0)).get("containerPort")).isEqualTo(config.port());
        assertThat(map(map(container.get("readinessProbe")).get("httpGet")).get("path")).isEqualTo("/q/health/ready");
        // the one API host: an Ingress sending every path to the portal
        Map<String, Object> rule = map(list(map(kind(docs, "Ingress").get("spec")).get("rules")).get(0));
        Map<String, Object> path = map(list(map(rule.get("http")).get("paths")).get(0));
        assertThat(path.get("path")).isEqualTo("/");
        assertThat(map(map(path.get("backend")).get("service")).get("name")).isEqualTo("partner-portal");
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }
}
