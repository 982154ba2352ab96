// A Next.js (App Router) app that judges on the server and binds a form on
// the client: tests/browser/embed.test.mjs builds and runs it.
export const metadata = { title: 'conduct-engine in Next.js' };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
