package org.tokenauth.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What Maven Central asks of every artifact it publishes, checked on what this build packaged: the
 * library jars with their {@code -sources.jar} and {@code -javadoc.jar}, and POMs (theirs, the
 * parent they inherit from, the BOM) that say groupId, artifactId, version, name, description, url,
 * licenses, developers and scm, each in the POM or in a parent POM that is published with it.
 *
 * <p>It runs in this module's integration-test phase, the last of the reactor, so the other modules
 * are packaged by then; run it through the whole build ({@code mvn verify}), not this module alone.
 */
@DisplayName("the artifacts meant for Maven Central")
class PublishableArtifactsIT {

    private static final Path ROOT = Path.of(System.getProperty("tokenauth.test.root", "..")).toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("tokenauth.test.version", "0.1.0-SNAPSHOT");
    private static final List<String> REQUIRED = List.of("name", "description", "url", "licenses", "developers", "scm");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"token-auth-core", "token-auth-servlet"})
    @DisplayName("each library module: a jar, its sources (one .java per public class) and its Javadoc")
    void jarsWhenPackagedThenSourcesAndJavadocBeside(String module) throws IOException {
        Path target = ROOT.resolve(module).resolve("target");
        Path jar = target.resolve(module + "-" + VERSION + ".jar");
        Path sources = target.resolve(module + "-" + VERSION + "-sources.jar");
        Path javadoc = target.resolve(module + "-" + VERSION + "-javadoc.jar");
        assertThat(List.of(jar, sources, javadoc)).allMatch(Files::isRegularFile, "packaged (mvn verify from the root)");

        List<String> classes = entries(jar, ".class").stream().filter(name -> !name.contains("$")).toList();
        assertThat(classes).as("classes in " + jar.getFileName()).isNotEmpty();
        List<String> sourceFiles = entries(sources, ".java");
        for (String type : classes) {
            assertThat(sourceFiles).as("source of " + type).contains(type.replace(".class", ".java"));
        }
        assertThat(entries(javadoc, ".html")).as("Javadoc").contains("index.html", "allclasses-index.html");
    }

    @ParameterizedTest(name = "{0}/pom.xml")
    @ValueSource(strings = {"token-auth-core", "token-auth-servlet", "token-auth-contract", "token-auth-bom", "."})
    @DisplayName("each published POM, with what it inherits: coordinates, name, description, url, licenses, developers, scm")
    void pomWhenPublishedThenCentralMetadataComplete(String module) throws Exception {
        Path pom = ROOT.resolve(module).resolve("pom.xml").normalize();
        Element project = read(pom);
        assertThat(text(project, "artifactId")).as("artifactId of " + pom).isPresent();
        assertThat(inherited(pom, "groupId")).as("groupId of " + pom).contains("org.tokenauth");
        assertThat(inherited(pom, "version")).as("version of " + pom).contains(VERSION);
        assertThat(text(project, "name")).as("a name of its own in " + pom).isPresent();
        assertThat(text(project, "description")).as("a description of its own in " + pom).isPresent();
        for (String element : REQUIRED) {
            assertThat(inherited(pom, element)).as(element + " of " + pom + " or its parents").isPresent();
        }
        Element license = (Element) find(pom, "licenses").orElseThrow().getElementsByTagName("license").item(0);
        assertThat(text(license, "name")).contains("Apache-2.0");
        Element scm = find(pom, "scm").orElseThrow();
        assertThat(List.of("connection", "developerConnection", "url")).allMatch(e -> text(scm, e).isPresent(), "scm parts");
        Element developer = (Element) find(pom, "developers").orElseThrow().getElementsByTagName("developer").item(0);
        assertThat(text(developer, "name")).as("developer name").isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"token-auth-core:jar", "token-auth-core:test-jar", "token-auth-servlet:jar", "token-auth-contract:pom"})
    @DisplayName("the BOM manages each artifact meant to be used together, at the project's version")
    void bomWhenImportedThenManagesTheLibrary(String artifact) throws Exception {
        Path bom = ROOT.resolve("token-auth-bom/pom.xml");
        Element project = read(bom);
        assertThat(text(project, "packaging")).contains("pom");
        assertThat(project.getElementsByTagName("parent").getLength()).as("an imported BOM's parent is imported too").isZero();
        List<String> managed = new ArrayList<>();
        Element dependencies = child(project, "dependencyManagement").flatMap(m -> child(m, "dependencies")).orElseThrow();
        for (Node node = dependencies.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element dependency) {
                assertThat(text(dependency, "version")).contains("${project.version}");
                assertThat(text(dependency, "groupId")).contains("org.tokenauth");
                managed.add(text(dependency, "artifactId").orElseThrow() + ":" + text(dependency, "type").orElse("jar"));
            }
        }
        assertThat(managed).contains(artifact);
        assertThat(text(project, "version")).contains(VERSION);
    }

    /** The element's text in this POM, else in its parent's (by relativePath, within this repository), and so on. */
    private static Optional<String> inherited(Path pom, String name) throws Exception {
        return find(pom, name).map(Element::getTextContent).map(String::strip);
    }

    private static Optional<Element> find(Path pom, String name) throws Exception {
        for (Path current = pom; current != null;) {
            Element project = read(current);
            Optional<Element> own = child(project, name);
            if (own.isPresent()) {
                return own;
            }
            Optional<Element> parent = child(project, "parent");
            if (name.equals("groupId") || name.equals("version")) { // inherited from the parent's coordinates
                return parent.flatMap(p -> child(p, name));
            }
            current = parent.isEmpty() ? null
                    : current.getParent().resolve(text(parent.get(), "relativePath").orElse("../pom.xml")).normalize();
        }
        return Optional.empty();
    }

    private static Element read(Path pom) throws Exception {
        assertThat(pom).isRegularFile();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document document = factory.newDocumentBuilder().parse(pom.toFile());
        return document.getDocumentElement();
    }

    private static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(Element::getTextContent).map(String::strip).filter(s -> !s.isEmpty());
    }

    private static List<String> entries(Path jar, String suffix) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).filter(name -> name.endsWith(suffix)).toList();
        }
    }
}
