// Both generated projects built, their kit tests ran every check, and each left a plugin folder of
// its own: nothing in them is still named after the CSV example (classes, schema, description,
// plugin folder), so they can sit next to each other and to the example in one plugins/ folder.
import groovy.xml.XmlSlurper
import java.util.zip.ZipFile

def generated = [
    [artifactId: 'acme-connector', serviceType: 'AcmeFiles', schema: 'acmeFilesConnection.json'],
    [artifactId: 'acme-ledger-connector', serviceType: 'AcmeLedger', schema: 'acmeLedgerConnection.json'],
]
// What only the example may be called: its class prefix, schema, plugin folder, description, coordinates.
def exampleNames = ~/\bCsv[A-Z]|csvConnection|plugins\/csv\b|>csv<|local_csv|example connector|example ::|com\.example/
def pkg = 'src/main/java/com/acme/connector'
def problems = []
def pluginFolders = [:]

generated.each { g ->
    def project = new File(basedir, g.artifactId)
    def type = g.serviceType
    def where = { File f -> project.toPath().relativize(f.toPath()).toString() }

    // Sources: no file and no class named after the example.
    def scanned = 0
    project.eachFileRecurse { f ->
        def path = where(f)
        if (path == 'target' || path.startsWith("target${File.separator}")) {
            return // the build's output: checked below
        }
        if (f.name.contains('Csv') || f.name.startsWith('csvConnection') || (f.directory && f.name == 'csv')) {
            problems << "${g.artifactId}: ${where(f)} is named after the CSV example"
        }
        if (f.file && (f.name.endsWith('.java') || f.name.endsWith('.xml') || f.name.endsWith('.json')
                || f.name.endsWith('.ndjson') || f.name == 'connector')) {
            scanned++
            f.eachLine { line, n ->
                if (line =~ exampleNames) {
                    problems << "${g.artifactId}: ${where(f)}:${n} still names the CSV example: ${line.trim()}"
                }
            }
        }
    }
    if (scanned < 12) {
        problems << "${g.artifactId}: only ${scanned} source files scanned"
    }
    ['Spec', 'Connection', 'ConnectionTester', 'MetadataSource', 'KitTest'].each { c ->
        def dir = c.endsWith('Test') ? pkg.replace('src/main/', 'src/test/') : pkg
        if (!new File(project, "${dir}/${type}${c}.java").isFile()) {
            problems << "${g.artifactId}: no ${dir}/${type}${c}.java"
        }
    }
    def spec = new File(project, "${pkg}/${type}Spec.java")
    if (spec.isFile()) {
        def text = spec.text
        ["return \"${type}\";", "\"/schemas/${g.schema}\"", "${type}MetadataSource.class", "${type}ConnectionTester.class",
         "return \"${type} connector (replace this description", "/** The ${type} connector, generated from the metaingest"
                 + " archetype: replace its metadata source"].each { expected ->
            if (!text.contains(expected)) {
                problems << "${g.artifactId}: ${type}Spec.java does not contain ${expected}"
            }
        }
    }
    if (!new File(project, "src/main/resources/schemas/${g.schema}").isFile()) {
        problems << "${g.artifactId}: no src/main/resources/schemas/${g.schema}"
    }
    def marker = new File(project, 'src/main/resources/META-INF/metaingest/connector')
    if (!marker.isFile() || marker.text.trim() != "com.acme.connector.${type}Spec") {
        problems << "${g.artifactId}: the discovery marker does not name com.acme.connector.${type}Spec"
    }

    // The build: every check of the kit ran and passed.
    def report = new File(project, "target/surefire-reports/TEST-com.acme.connector.${type}KitTest.xml")
    if (!report.isFile()) {
        problems << "${g.artifactId}: no kit report ${where(report)}"
    } else {
        // The kit's number of checks changes with the kit (28 when this was written): every one ran and passed.
        def suite = new XmlSlurper().parse(report)
        def (tests, failures, errors) = ['tests', 'failures', 'errors'].collect { (suite."@${it}".text() ?: '-1') as int }
        if (tests < 20 || failures != 0 || errors != 0) {
            problems << "${g.artifactId}: the kit ran ${tests} checks, ${failures} failed, ${errors} errors (${where(report)})"
        }
    }

    // The plugin folder: target/plugins/<artifactId>/ holding the connector's jar, never plugins/csv.
    def plugins = new File(project, 'target/plugins')
    def folders = plugins.listFiles()?.findAll { it.directory }*.name?.sort() ?: []
    pluginFolders[g.artifactId] = folders
    if (folders != [g.artifactId]) {
        problems << "${g.artifactId}: target/plugins holds ${folders}, expected only ${g.artifactId}/"
    }
    // Only this build's jar: the folder is emptied before it is filled (goal 3 left a stale jar in acme-connector's).
    def inFolder = new File(plugins, g.artifactId).list()?.sort() ?: []
    if (inFolder != ["${g.artifactId}-1.0.0-SNAPSHOT.jar".toString()]) {
        problems << "${g.artifactId}: target/plugins/${g.artifactId}/ holds ${inFolder}, expected only this build's jar"
    }
    def jar = new File(plugins, "${g.artifactId}/${g.artifactId}-1.0.0-SNAPSHOT.jar")
    if (!jar.isFile()) {
        problems << "${g.artifactId}: no ${where(jar)}"
    } else {
        new ZipFile(jar).withCloseable { zip ->
            def entries = zip.entries().toList()*.name
            ["com/acme/connector/${type}Spec.class", "schemas/${g.schema}"]*.toString().each { e ->
                if (!entries.contains(e)) {
                    problems << "${g.artifactId}: the plugin jar has no ${e}"
                }
            }
            entries.findAll { it.contains('Csv') || it.contains('csvConnection') }.each {
                problems << "${g.artifactId}: the plugin jar holds ${it}, named after the CSV example"
            }
            def entry = zip.getEntry('META-INF/metaingest/connector')
            def specText = entry ? zip.getInputStream(entry).text.trim() : null
            if (specText != "com.acme.connector.${type}Spec") {
                problems << "${g.artifactId}: the plugin jar's discovery marker names ${specText}"
            }
        }
    }
}

// The version the archetype gives when none is asked for (acme-connector's) is the example's.
def version = new XmlSlurper().parse(new File(basedir, 'acme-connector/pom.xml')).version.text()
if (version != '1.0.0-SNAPSHOT') {
    problems << "acme-connector: generated with version ${version}, expected the archetype's default 1.0.0-SNAPSHOT"
}
// The test's service name is the project's own (local_<artifactId>), in the kit test and the golden file.
generated.each { g ->
    def name = "local_${g.artifactId.replace('-', '_')}"
    def test = new File(basedir, "${g.artifactId}/src/test/java/com/acme/connector/${g.serviceType}KitTest.java")
    if (!test.isFile() || !test.text.contains("serviceName: ${name}")) {
        problems << "${g.artifactId}: its kit test does not name the service ${name}"
    }
}
// The generated projects' own build (goal 4) warns of nothing: a warning an author sees on their first build
// (an assembly's excludes that match nothing, say) is a defect of the template.
def log = new File(basedir, 'build.log').readLines()
def built = log.findIndexOf { it.contains('Building acme-') }
if (built < 0) {
    problems << "build.log shows no build of the generated projects"
}
// Not the repository's transfer notices: they depend on the machine's Maven repositories, not on the template.
def transfer = ~/.*(Checksum validation failed|Could not transfer|Failed to (read|retrieve)).*/
log.drop(Math.max(built, 0)).findAll { it.startsWith('[WARNING]') && !(it ==~ transfer) }.take(5).each {
    problems << "the generated build warns: ${it}"
}

// The two connectors' plugin folders differ from each other and from the example's (csv), so a
// shared plugins/ folder keeps each in its own folder and class loader.
def folderNames = pluginFolders.values().flatten()
if (folderNames.size() != generated.size() || folderNames.toSet().size() != folderNames.size() || folderNames.contains('csv')) {
    problems << "the plugin folders collide (with each other or the example's csv/): ${pluginFolders}"
}

if (problems) {
    def shown = problems.take(60) + (problems.size() > 60 ? ["... and ${problems.size() - 60} more"] : [])
    throw new AssertionError("the generated projects are not named after their own service type, or failed their build:\n  " + shown.join('\n  '))
}
println "verified: ${pluginFolders}"
return true
