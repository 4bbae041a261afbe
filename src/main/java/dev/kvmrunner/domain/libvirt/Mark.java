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
 */
record Mark(String prefix, String member) {
    /** The XML namespace of the mark; libvirt keeps one metadata element per namespace. */
    static final String NAMESPACE = "https://kvmrunner.dev/libvirt/1";

    /** The element to put inside {@code <metadata>}. */
    String element() {
        return "<kvmrunner:group xmlns:kvmrunner=\"" + NAMESPACE + "\" prefix=\"" + Xml.escape(prefix) + "\" member=\""
                + Xml.escape(member) + "\"/>";
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
            return Optional.of(new Mark(mark.getAttribute("prefix"), mark.getAttribute("member")));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot read libvirt's XML: " + e.getMessage(), e);
        }
    }
}
