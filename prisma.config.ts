// Prisma CLI configuration (validate, format, generate). The application never
// reads this file: it connects with the URL from src/config.ts, and applies
// migrations with its own runner (src/db/migrations/runner.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
