/**
 * Said beside anything the app saves as a file: a download is outside the app's encryption, in
 * the device's Downloads folder, until someone deletes it.
 */
export function DownloadNotice({ holds }: { holds: string }) {
  return (
    <p class="govuk-body">
      The file holds {holds} and is not encrypted: it stays in this device’s Downloads folder until
      you delete it, so delete it once you have what you need.
    </p>
  );
}
