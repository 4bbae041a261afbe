package dev.kvmrunner.domain.libvirt;

import java.io.IOException;
import java.io.StringReader;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * What kvmrunner writes into the {@code <metadata>} of every domain and network it defines, and
 * checks before it touches one: a domain or network without it (or of another prefix) is
 * someone else's and is left alone, whatever its name.
 *
 * @param prefix the domain group it belongs to
 * @param member the host (domains) or the network of the suite's topology (networks)
 * @param kept   true when {@code install} defined it: the group outlives every run
 * @param user   the runner that uses it ({@link RunnerId}: machine, pid and start time): the run that
 *               defined it for itself, or that booted the domain; empty when none. A user that is gone
 *               was killed with SIGKILL, and its leftovers are cleaned up ({@link Leftovers})
 */
record Mark(String prefix, String member, boolean kept, String user) {
    /** The XML namespace of the mark; libvirt keeps one metadata element per namespace. */
    static final String NAMESPACE = "https://kvmrunner.dev/libvirt/1";

    /** The element to put inside {@code <metadata>}. */
    String element() {
        return "<kvmrunner:group xmlns:kvmrunner=\"" + NAMESPACE + "\"" + attributes() + "/>";
    }

    /** The element without its namespace, for {@code virsh metadata URI --key kvmrunner --set}, which adds it. */
    String bareElement() {
        return "<group" + attributes() + "/>";
    }

    private String attributes() {
        return " prefix=\"" + Xml.escape(prefix) + "\" member=\"" + Xml.escape(member) + "\""
                + (kept ? " kept=\"yes\"" : "")
                + (user.isEmpty() ? "" : " user=\"" + Xml.escape(user) + "\"");
    }

    /** Whether this marks member MEMBER of PREFIX's group, whoever uses it. */
    boolean marks(String otherPrefix, String otherMember) {
        return prefix.equals(otherPrefix) && member.equals(otherMember);
    }

    /** This mark with USER as its user ("" for none). */
    Mark usedBy(String newUser) {
        return new Mark(prefix, member, kept, newUser);
    }

    /** The mark in a domain's or network's XML (as {@code dumpxml} prints it); empty when there is none. */
    static Optional<Mark> in(String xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList marks = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(xml)))
                    .getElementsByTagNameNS(NAMESPACE, "group");
            if (marks.getLength() == 0) {
                return Optional.empty();
            }
            Element mark = (Element) marks.item(0);
            return Optional.of(new Mark(
                    mark.getAttribute("prefix"),
                    mark.getAttribute("member"),
                    mark.getAttribute("kept").equals("yes"),
                    mark.getAttribute("user")));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read libvirt's XML: " + e.getMessage(), e);
        }
    }
}
