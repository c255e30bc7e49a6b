package io.chronik.dist.notice;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The parts of a Maven POM a NOTICE needs: coordinates (the group and version may come from
 * {@code <parent>}), the parent, and the licenses it declares itself. Property references such as
 * {@code ${project.version}} are not resolved; POMs published to Maven Central spell these out.
 *
 * @param groupId    its own group id, or its parent's
 * @param artifactId its artifact id
 * @param version    its own version, or its parent's
 * @param parent     its parent's coordinates, if it has one
 * @param licenses   the licenses it declares (empty: it inherits its parent's)
 */
record Pom(String groupId, String artifactId, String version, Optional<Coordinates> parent, List<License> licenses) {

    Pom {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(artifactId, "artifactId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(parent, "parent");
        licenses = List.copyOf(licenses);
    }

    /** A Maven artifact's coordinates. */
    record Coordinates(String groupId, String artifactId, String version) {

        /** Where this artifact's POM lies in a local repository laid out the Maven way. */
        Path pomIn(Path repository) {
            Path dir = repository;
            for (String part : groupId.split("\\.")) {
                dir = dir.resolve(part);
            }
            return dir.resolve(artifactId).resolve(version).resolve(artifactId + "-" + version + ".pom");
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    Coordinates coordinates() {
        return new Coordinates(groupId, artifactId, version);
    }

    /**
     * Reads a POM file.
     *
     * @throws NoticeException if it cannot be read or lacks an artifact id, group id or version
     */
    static Pom read(Path file) {
        Element project;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            project = factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
        } catch (IOException | SAXException | ParserConfigurationException e) {
            throw new NoticeException("cannot read POM " + file + ": " + e.getMessage(), e);
        }
        Optional<Coordinates> parent = child(project, "parent").map(p -> new Coordinates(
                required(p, "groupId", file), required(p, "artifactId", file), required(p, "version", file)));
        String groupId = text(project, "groupId").or(() -> parent.map(Coordinates::groupId))
                .orElseThrow(() -> missing("groupId", file));
        String version = text(project, "version").or(() -> parent.map(Coordinates::version))
                .orElseThrow(() -> missing("version", file));
        List<License> licenses = new ArrayList<>();
        child(project, "licenses").ifPresent(list -> children(list, "license").forEach(license ->
                text(license, "name").ifPresent(name -> licenses.add(new License(name, text(license, "url"))))));
        return new Pom(groupId, required(project, "artifactId", file), version, parent, licenses);
    }

    private static String required(Element element, String name, Path file) {
        return text(element, name).orElseThrow(() -> missing(name, file));
    }

    private static NoticeException missing(String name, Path file) {
        return new NoticeException("POM " + file + " has no " + name);
    }

    /** The trimmed text of a direct child element, with runs of white space made one space. */
    private static Optional<String> text(Element element, String name) {
        return child(element, name).map(c -> c.getTextContent().strip().replaceAll("\\s+", " "))
                .filter(t -> !t.isEmpty());
    }

    private static Optional<Element> child(Element element, String name) {
        return children(element, name).stream().findFirst();
    }

    private static List<Element> children(Element element, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child && name.equals(child.getLocalName() != null ? child.getLocalName()
                    : child.getTagName())) {
                found.add(child);
            }
        }
        return found;
    }
}
