import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireEnteStaff } from '@/lib/auth/guards';
import { GUIDE_VIEWPORT, guideScreenshotUrl } from '@/lib/guide/screenshots';
import { GUIDE_TASKS, guideTaskBySlug } from '@/lib/guide/tasks';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';

type Params = Promise<{ slug: string; task: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Guida: ${guideTaskBySlug((await params).task)?.title ?? 'pagina non trovata'}` };
}

/** One task of the referente's guide, with the screenshot of its page. */
export default async function GuideTaskPage({ params }: { params: Params }) {
  const { slug, task: taskSlug } = await params;
  const ente = await requireBackOfficeEnte(slug);
  const me = await requireEnteStaff(ente);
  const task = guideTaskBySlug(taskSlug);
  if (!task) notFound();
  const index = GUIDE_TASKS.indexOf(task);
  const [previous, next] = [GUIDE_TASKS[index - 1], GUIDE_TASKS[index + 1]];
  const screenshot = guideScreenshotUrl(task.slug);
  return (
    <article className="max-w-3xl">
      <p>
        <a href="/admin/guida">← Indice della guida</a>
      </p>
      <h1 className="mt-4 text-3xl font-bold">{task.title}</h1>
      <p className="mt-2 text-lg">{task.summary}</p>
      {task.roles.includes(me.role) ? (
        <p className="mt-4">
          <a href={task.page} className="btn-outline">
            Apri la pagina
          </a>
        </p>
      ) : (
        <p className="mt-4 text-muted">Con il tuo ruolo non apri questa pagina: chiedi a un amministratore dell’Ente.</p>
      )}

      <h2 className="mt-8 text-2xl font-bold">A cosa serve</h2>
      <p className="mt-2">{task.purpose}</p>
      {screenshot && (
        <figure className="mt-6">
          {/* eslint-disable-next-line @next/next/no-img-element -- a committed PNG at a fixed size: nothing to optimise */}
          <img
            src={screenshot}
            alt={task.screenshotAlt}
            width={GUIDE_VIEWPORT.width}
            height={GUIDE_VIEWPORT.height}
            loading="lazy"
            className="h-auto w-full rounded border border-line"
          />
          <figcaption className="mt-2 text-sm text-muted">La pagina come appare nel back office (dati dimostrativi).</figcaption>
        </figure>
      )}

      <h2 className="mt-8 text-2xl font-bold">Passo per passo</h2>
      <ol className="mt-2 list-decimal space-y-2 pl-6">
        {task.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>

      <h2 className="mt-8 text-2xl font-bold">Consigli</h2>
      <ul className="mt-2 list-disc space-y-2 pl-6">
        {task.tips.map((tip) => (
          <li key={tip}>{tip}</li>
        ))}
      </ul>

      <h2 className="mt-8 text-2xl font-bold">Errori frequenti</h2>
      <dl className="mt-2 space-y-4">
        {task.errors.map((error) => (
          <div key={error.problem}>
            <dt className="font-semibold">{error.problem}</dt>
            <dd className="mt-1">{error.fix}</dd>
          </div>
        ))}
      </dl>

      {(previous || next) && (
        <nav aria-label="Altre attività della guida" className="mt-10 flex flex-wrap justify-between gap-4 border-t border-line pt-4">
          {previous ? <a href={`/admin/guida/${previous.slug}`}>← {previous.title}</a> : <span />}
          {next && <a href={`/admin/guida/${next.slug}`}>{next.title} →</a>}
        </nav>
      )}
    </article>
  );
}
