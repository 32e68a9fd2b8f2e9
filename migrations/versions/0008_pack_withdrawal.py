"""Withdrawn transition packs, and one school per DfE number

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02 14:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('transition_pack', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_transition_pack_withdrawn_by_id_staff'), 'staff',
                                    ['withdrawn_by_id'], ['id'], ondelete='SET NULL')

    # Two schools with one DfE number would both see the packs sent to it.
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_school_dfe_number', ['la_code', 'establishment_number'])


def downgrade():
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_constraint('uq_school_dfe_number', type_='unique')

    with op.batch_alter_table('transition_pack', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_transition_pack_withdrawn_by_id_staff'), type_='foreignkey')
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('withdrawn_by_id')
        batch_op.drop_column('withdrawn_at')
