// The generated project built, its kit test ran every check, and it left a plugin folder.
def project = new File(basedir, 'acme-connector')
assert new File(project, 'src/main/java/com/acme/connector/CsvSpec.java').text.contains('"AcmeFiles"')
def report = new File(project, 'target/surefire-reports/TEST-com.acme.connector.CsvKitTest.xml')
assert report.isFile()
def xml = report.text
assert xml.contains('tests="28"') && xml.contains('failures="0"') && xml.contains('errors="0"')
assert new File(project, 'target/plugins/csv/acme-connector-1.0.0-SNAPSHOT.jar').isFile()
